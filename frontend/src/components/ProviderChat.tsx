import { Button, Group, Paper, ScrollArea, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { providersApi } from '../api/providers';
import { errorMessage } from '../api/client';

interface Line {
  role: 'user' | 'assistant' | 'error';
  content: string;
}

/** Small chat against one provider model (`POST /providers/:id/chat`), used to try a connection. */
export function ProviderChat({ providerId, models }: { providerId: string; models: string[] }) {
  const [model, setModel] = useState<string | null>(models[0] ?? null);
  const [lines, setLines] = useState<Line[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!model || !input.trim()) return;
    const history = [...lines.filter((l) => l.role !== 'error'), { role: 'user' as const, content: input.trim() }];
    setLines([...lines, { role: 'user', content: input.trim() }]);
    setInput('');
    setBusy(true);
    try {
      const res = await providersApi.chat(
        providerId,
        model,
        history.map((l) => ({ role: l.role, content: l.content })),
      );
      setLines((prev) => [...prev, { role: 'assistant', content: res.choices?.[0]?.message?.content ?? '(empty answer)' }]);
    } catch (err) {
      setLines((prev) => [...prev, { role: 'error', content: errorMessage(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="provider-chat">
      <Select label="Model" data={models.slice(0, 20)} value={model} onChange={setModel} searchable />
      <ScrollArea h={180} type="auto">
        <Stack gap={6}>
          {lines.length === 0 && (
            <Text size="sm" c="dimmed">
              Send a message to check that the model answers.
            </Text>
          )}
          {lines.map((l, i) => (
            <Paper key={i} p="xs" withBorder bg={l.role === 'user' ? 'var(--mantine-color-default-hover)' : undefined}>
              <Text size="xs" c={l.role === 'error' ? 'red' : 'dimmed'}>
                {l.role}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {l.content}
              </Text>
            </Paper>
          ))}
        </Stack>
      </ScrollArea>
      <form onSubmit={send}>
        <Group gap="xs" wrap="nowrap">
          <TextInput aria-label="Message" placeholder="Say hello…" value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button type="submit" loading={busy} disabled={!model}>
            Send
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
