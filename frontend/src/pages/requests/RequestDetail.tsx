import { Alert, Badge, Button, Code, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { dashboardApi } from '../../api/dashboard';
import type { RequestLogEntry } from '../../api/types';
import { RoutingDebugPanel } from '../../components/RoutingDebugPanel';
import { notifyError } from '../../hooks/useAction';

function Messages({ messages }: { messages: { role: string; content: string }[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Table fz="xs" withTableBorder>
      <Table.Tbody>
        {messages.map((m, i) => (
          <Table.Tr key={i}>
            <Table.Td w={30}>{i}</Table.Td>
            <Table.Td w={90}><Badge size="xs" variant="light">{m.role}</Badge></Table.Td>
            <Table.Td>
              <UnstyledButton onClick={() => setOpen(open === i ? null : i)} style={{ width: '100%' }}>
                <Text size="xs" lineClamp={open === i ? undefined : 1} style={{ whiteSpace: 'pre-wrap' }}>{m.content}</Text>
              </UnstyledButton>
            </Table.Td>
            <Table.Td w={70}>{m.content?.length ?? 0} ch</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Expanded request row: debug panel, error/fallback details, prompt and response snapshots. */
export function RequestDetail({ entry: r, canResolve, onChanged }: { entry: RequestLogEntry; canResolve: boolean; onChanged: () => void }) {
  const snap = r.promptSnapshot;
  const hasData = r.isAutoRouted || r.status === 'error' || r.handledFallback || snap || r.responseSnapshot || r.capturedPaths?.length;
  return (
    <Stack gap="sm">
      {r.isAutoRouted && <RoutingDebugPanel entry={r} />}
      {r.handledFallback && (
        <Alert color="yellow" title="Error handled via fallback">
          {r.fallbackDetail} {r.fallbackType && <Badge size="xs">{r.fallbackType}</Badge>} — requested {r.originalModel ?? r.requestedModel}, served {r.routedModel}
        </Alert>
      )}
      {r.status === 'error' && (
        <Alert color="red" title={r.errorType ?? 'Error'}>
          <Text size="sm">Routed model: {r.routedModel}{r.category ? ` · ${r.category} (${Math.round((r.confidence ?? 0) * 100)}%)` : ''}</Text>
          <Code block mt={4}>{r.errorMessage}</Code>
          {canResolve && (
            <Button size="xs" mt="xs" variant="light" onClick={() => void dashboardApi.resolveError(r._id).then(onChanged, notifyError)}>
              Mark resolved
            </Button>
          )}
        </Alert>
      )}
      {r.capturedPaths?.length ? (
        <div>
          <Text size="sm" fw={500}>Captured paths</Text>
          <Group gap={4}>{r.capturedPaths.map((p) => <Code key={p}>{p}</Code>)}</Group>
        </div>
      ) : null}
      {snap?.systemPrompt && (
        <div>
          <Text size="sm" fw={500}>System prompt</Text>
          <Code block style={{ maxHeight: 160, overflow: 'auto' }}>{snap.systemPrompt}</Code>
        </div>
      )}
      {snap?.messages?.length ? (
        <div>
          <Text size="sm" fw={500}>Messages ({snap.messageCount ?? snap.messages.length})</Text>
          <Messages messages={snap.messages} />
        </div>
      ) : snap?.lastUserMessage ? (
        <div>
          <Text size="sm" fw={500}>Last user message</Text>
          <Code block style={{ maxHeight: 160, overflow: 'auto' }}>{snap.lastUserMessage}</Code>
        </div>
      ) : null}
      {r.responseSnapshot?.content && (
        <div>
          <Group gap="xs"><Text size="sm" fw={500}>Response</Text>{r.responseSnapshot.finishReason && <Badge size="xs">{r.responseSnapshot.finishReason}</Badge>}</Group>
          <Code block style={{ maxHeight: 200, overflow: 'auto' }}>{r.responseSnapshot.content}</Code>
        </div>
      )}
      {!hasData && <Text size="sm" c="dimmed">No details stored for this request. Enable prompt logging in Settings → Log & Observability to capture prompts and responses.</Text>}
      {hasData && !snap && !r.responseSnapshot && <Text size="xs" c="dimmed">Prompt logging is off — enable it in Settings to see prompts here.</Text>}
    </Stack>
  );
}
