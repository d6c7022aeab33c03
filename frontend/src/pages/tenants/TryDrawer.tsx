import { Badge, Button, Drawer, Group, Paper, ScrollArea, Stack, Text, Textarea, Collapse, Anchor } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { tenantsApi, type TestRequestResult } from '../../api/tenants';
import type { Tenant } from '../../api/types';
import { TierBadge } from '../../components/Badges';
import { JsonBlock } from '../../components/JsonBlock';
import { usd } from '../../lib/format';

interface Turn {
  prompt: string;
  answer?: TestRequestResult;
  error?: string;
}

function Meta({ a }: { a: TestRequestResult }) {
  const [open, setOpen] = useState(false);
  const r = a.routing as Record<string, unknown> | null;
  return (
    <Stack gap={2}>
      <Group gap={4}>
        <Badge variant="outline">{a.model}</Badge>
        {r && <TierBadge tier={String(r.costTier ?? '')} />}
        {r?.category ? <Badge variant="light">{String(r.category)}</Badge> : null}
        {r?.domain ? <Badge variant="light" color="indigo">{String(r.domain)}</Badge> : null}
        {r && <Text size="xs">{r.preRouted ? 'signal' : 'classifier'} {Math.round(Number(r.confidence ?? 0) * 100)}%</Text>}
        <Text size="xs">↑{a.inputTokens} ↓{a.outputTokens}</Text>
        <Text size="xs">{usd(a.costUsd, 6)}</Text>
        {a.routingCostUsd ? <Text size="xs">+{usd(a.routingCostUsd, 6)} routing</Text> : null}
      </Group>
      {r && (
        <>
          <Anchor size="xs" onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide' : 'Show'} routing details
          </Anchor>
          <Collapse in={open}>
            <JsonBlock value={r} maxHeight={200} />
          </Collapse>
        </>
      )}
    </Stack>
  );
}

/** Admin "try" chat through a tenant without its key (`/tenants/:id/test-request`). */
export function TryDrawer({ tenant, onClose }: { tenant: Tenant | null; onClose: () => void }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!tenant || !input.trim()) return;
    const prompt = input.trim();
    setInput('');
    setTurns((t) => [...t, { prompt }]);
    setBusy(true);
    const history = turns.flatMap((t) => (t.answer ? [{ role: 'user', content: t.prompt }, { role: 'assistant', content: t.answer.content }] : []));
    try {
      const answer = await tenantsApi.testRequest(tenant._id, [...history, { role: 'user', content: prompt }]);
      setTurns((t) => t.map((x, i) => (i === t.length - 1 ? { ...x, answer } : x)));
    } catch (err) {
      setTurns((t) => t.map((x, i) => (i === t.length - 1 ? { ...x, error: errorMessage(err) } : x)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened={tenant !== null} onClose={() => { setTurns([]); onClose(); }} title={`Try ${tenant?.name ?? ''} (auto-routing)`} position="right" size="lg">
      <ScrollArea h="calc(100vh - 220px)">
        <Stack gap="sm">
          {turns.length === 0 && <Text c="dimmed" size="sm">Messages go through the tenant’s routing exactly like client requests.</Text>}
          {turns.map((t, i) => (
            <Stack key={i} gap={4}>
              <Paper p="xs" withBorder bg="var(--mantine-color-default-hover)">
                <Text size="sm">{t.prompt}</Text>
              </Paper>
              {t.answer && (
                <Paper p="xs" withBorder>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{t.answer.content}</Text>
                  <Meta a={t.answer} />
                </Paper>
              )}
              {t.error && <Text c="red" size="sm">{t.error}</Text>}
            </Stack>
          ))}
        </Stack>
      </ScrollArea>
      <form onSubmit={send}>
        <Group mt="sm" align="flex-end" wrap="nowrap">
          <Textarea aria-label="Message" value={input} onChange={(e) => setInput(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void send(e as unknown as FormEvent); } }} />
          <Button type="submit" loading={busy}>Send</Button>
        </Group>
      </form>
    </Drawer>
  );
}
