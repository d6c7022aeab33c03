import { ActionIcon, Badge, Group, Progress, Table, Text, Tooltip } from '@mantine/core';
import IconChevronDown from '@tabler/icons-react/icons/IconChevronDown';
import IconChevronRight from '@tabler/icons-react/icons/IconChevronRight';
import { Fragment, useEffect, useState } from 'react';
import { useTourOptional } from '../../tour/TourProvider';
import { TOUR_STEPS } from '../../tour/steps';
import type { RequestLogEntry } from '../../api/types';
import { tierColor } from '../../lib/tiers';
import { RequestDetail } from './RequestDetail';

const AGENT_COLORS = ['violet', 'teal', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'yellow'];

/** Gives a stable colour for an agent (system-prompt hash). */
export function agentColor(hash?: string): string | undefined {
  if (!hash) return undefined;
  let n = 0;
  for (const ch of hash) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return AGENT_COLORS[n % AGENT_COLORS.length];
}

/** Gives the context fill ratio of a request (0..1) or null when unknown. */
export function contextFill(r: Pick<RequestLogEntry, 'inputTokens' | 'outputTokens' | 'contextWindowUsed'>): number | null {
  if (!r.contextWindowUsed) return null;
  return Math.min(1, ((r.inputTokens ?? 0) + (r.outputTokens ?? 0)) / r.contextWindowUsed);
}

function tenantName(t: RequestLogEntry['tenantId']): string {
  if (!t) return '—';
  return typeof t === 'string' ? t.slice(-6) : t.name ?? t.slug;
}

function StatusCell({ r }: { r: RequestLogEntry }) {
  if (r.status === 'error')
    return (
      <Group gap={4} wrap="nowrap">
        <Badge color="red">error</Badge>
        {r.errorCategory && (
          <Tooltip label={r.errorDescription || (r.errorFixedIn ? `Fixed in ${r.errorFixedIn}` : r.errorCategory)} multiline w={260}>
            <Badge variant="outline" color="red" size="sm">{r.errorCategory}</Badge>
          </Tooltip>
        )}
        <Text size="xs" c="dimmed" lineClamp={1} maw={160}>{r.errorMessage}</Text>
      </Group>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={r.handledFallback ? 'yellow' : 'green'}>ok</Badge>
      {r.handledFallback && (
        <Tooltip label={r.fallbackDetail ?? r.fallbackType ?? ''}>
          <Badge size="sm" color="yellow" variant="outline">handled</Badge>
        </Tooltip>
      )}
      {r.contextFallback && <Badge size="sm" color="orange" variant="outline">fallback</Badge>}
    </Group>
  );
}

/** Request rows with an expand toggle that opens the detail and routing debug panel. */
export function RequestTable({ rows, groupByAgent, onSession, canResolve, onChanged }: { rows: RequestLogEntry[]; groupByAgent: boolean; onSession: (s: string) => void; canResolve: boolean; onChanged: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const tour = useTourOptional();
  const showPanel = Boolean(tour?.active && TOUR_STEPS[tour.step]?.highlight === '[data-tour="debug-panel"]');
  useEffect(() => {
    // the tour's debug-panel step needs an expanded auto-routed row to point at
    if (showPanel && open === null) setOpen(rows.find((r) => r.isAutoRouted)?._id ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [showPanel, rows]);
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table highlightOnHover fz="sm" data-tour="request-table" data-testid="request-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>Time</Table.Th>
            <Table.Th>Session</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Tenant</Table.Th>
            <Table.Th>Requested</Table.Th>
            <Table.Th>Routed To</Table.Th>
            <Table.Th>Category</Table.Th>
            <Table.Th>Tokens</Table.Th>
            <Table.Th>Cost</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const fill = contextFill(r);
            const color = groupByAgent ? agentColor(r.systemPromptHash) : undefined;
            const expanded = open === r._id;
            return (
              <Fragment key={r._id}>
                <Table.Tr data-testid="request-row" data-auto-routed={r.isAutoRouted ? 'true' : 'false'} style={color ? { borderLeft: `4px solid var(--mantine-color-${color}-6)` } : undefined}>
                  <Table.Td>
                    <ActionIcon variant="subtle" aria-label={expanded ? 'Collapse request' : 'Expand request'} aria-expanded={expanded} onClick={() => setOpen(expanded ? null : r._id)}>
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>{new Date(r.timestamp).toLocaleString()}</Table.Td>
                  <Table.Td>
                    {r.sessionId && (
                      <Tooltip label={`Session ${r.sessionId}${r.systemPromptHash ? ` · agent ${r.systemPromptHash}` : ''}`}>
                        <Badge variant="outline" style={{ cursor: 'pointer' }} onClick={() => onSession(r.sessionId!)}>
                          {r.sessionId.slice(0, 8)}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td><StatusCell r={r} /></Table.Td>
                  <Table.Td>{tenantName(r.tenantId)}</Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{r.requestedModel}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" c={r.contextFallback ? 'orange' : undefined}>{r.routedModel}</Text>
                  </Table.Td>
                  <Table.Td>
                    {r.category && <Badge color={tierColor(r.costTier)} variant="light">{r.category === 'coding_autocomplete' ? 'Autocomplete (FIM)' : r.category}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={`in ${r.inputTokens ?? 0} / out ${r.outputTokens ?? 0}${fill !== null ? ` · context ${Math.round(fill * 100)}%` : ''}`}>
                      <div>
                        <Text size="sm">{((r.inputTokens ?? 0) + (r.outputTokens ?? 0)).toLocaleString()}</Text>
                        {fill !== null && <Progress size={3} value={fill * 100} color={fill >= 0.9 ? 'red' : fill >= 0.7 ? 'orange' : 'teal'} />}
                      </div>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>${(r.actualCostUsd ?? 0).toFixed(4)}</Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td colSpan={10} p="sm">
                      <RequestDetail entry={r} canResolve={canResolve} onChanged={onChanged} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
