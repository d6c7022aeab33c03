import { ActionIcon, Badge, Button, Group, Paper, ScrollArea, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import IconPlayerStop from '@tabler/icons-react/icons/IconPlayerStop';
import IconSend from '@tabler/icons-react/icons/IconSend';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState, type ReactNode } from 'react';
import Markdown from 'react-markdown';
import type { ChatTurn } from '../hooks/useChatStream';
import { TierBadge } from './Badges';
import { usd } from '../lib/format';

function MetaLine({ meta }: { meta: Record<string, unknown> }) {
  const r = (meta.auto_routing ?? {}) as Record<string, unknown>;
  const u = (meta.usage ?? {}) as Record<string, number>;
  const c = (meta.cost_info ?? {}) as Record<string, number>;
  const model = (r.selected_model ?? r.model_id ?? meta.model) as string | undefined;
  return (
    <Group gap={4} mt={4}>
      {model && <Badge size="xs" variant="outline">{model}</Badge>}
      {r.category ? <Badge size="xs" variant="light">{String(r.category)}</Badge> : null}
      {r.cost_tier ? <TierBadge tier={String(r.cost_tier)} size="xs" /> : null}
      {r.confidence !== undefined && <Text size="xs" c="dimmed">{Math.round(Number(r.confidence) * 100)}%</Text>}
      {r.routing_time_ms !== undefined && <Text size="xs" c="dimmed">{String(r.routing_time_ms)} ms routing</Text>}
      {u.total_tokens !== undefined && <Text size="xs" c="dimmed">↑{u.prompt_tokens ?? 0} ↓{u.completion_tokens ?? 0}</Text>}
      {c.actual_cost !== undefined && <Text size="xs" c="dimmed">{usd(c.actual_cost, 6)}</Text>}
    </Group>
  );
}

/** Chat transcript with markdown answers, model select and a streaming input. */
export function ChatView({ title, turns, streaming, onSend, onStop, onClear, models, model, onModel, extra }: {
  title: ReactNode;
  turns: ChatTurn[];
  streaming: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  onClear: () => void;
  models: { value: string; label: string }[];
  model: string;
  onModel: (m: string) => void;
  extra?: ReactNode;
}) {
  const [input, setInput] = useState('');
  const submit = () => {
    if (!input.trim() || streaming) return;
    onSend(input.trim());
    setInput('');
  };
  return (
    <Stack h="calc(100vh - 110px)" gap="sm">
      <Group justify="space-between">
        <Text fw={700} size="lg">{title}</Text>
        <Group gap="xs">
          <Select aria-label="Model" data={models} value={model} onChange={(v) => onModel(v ?? 'auto')} w={280} searchable allowDeselect={false} />
          <Tooltip label="Clear conversation"><ActionIcon variant="default" aria-label="Clear conversation" onClick={onClear}><IconTrash size={16} /></ActionIcon></Tooltip>
          {extra}
        </Group>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap="sm" data-testid="chat-transcript">
          {turns.length === 0 && <Text c="dimmed" ta="center" mt="xl">Ask anything — with “auto” Model Prism picks the model.</Text>}
          {turns.map((t, i) => (
            <Paper key={i} p="sm" withBorder maw="85%" ml={t.role === 'user' ? 'auto' : undefined} bg={t.role === 'user' ? 'var(--mantine-color-default-hover)' : undefined} data-role={t.role}>
              {t.role === 'assistant' ? <div className="chat-md"><Markdown>{t.content || (streaming && i === turns.length - 1 ? '…' : '')}</Markdown></div> : <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{t.content}</Text>}
              {t.error && <Text c="red" size="sm">{t.error}</Text>}
              {t.meta && <MetaLine meta={t.meta} />}
            </Paper>
          ))}
        </Stack>
      </ScrollArea>
      <Group align="flex-end" wrap="nowrap">
        <Textarea aria-label="Message" placeholder="Message (Enter to send, Shift+Enter for a new line)" autosize minRows={1} maxRows={6} style={{ flex: 1 }} value={input} onChange={(e) => setInput(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); submit(); } }} />
        {streaming ? (
          <Button color="red" leftSection={<IconPlayerStop size={16} />} onClick={onStop}>Stop</Button>
        ) : (
          <Button leftSection={<IconSend size={16} />} onClick={submit}>Send</Button>
        )}
      </Group>
    </Stack>
  );
}
