import { Badge, Collapse, Group, Paper, Progress, SegmentedControl, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Area, Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { dashboardApi, type CategoryStat, type DailyStat, type ModelStat, type RangeQuery } from '../../api/dashboard';
import { TierBadge } from '../../components/Badges';
import { DataState } from '../../components/DataState';
import type { ApiState } from '../../hooks/useApi';
import { useApi } from '../../hooks/useApi';
import { compact, dateTime, usd } from '../../lib/format';
import { TIERS } from '../../api/types';

const TIER_HEX: Record<string, string> = { micro: '#be4bdb', minimal: '#12b886', low: '#228be6', medium: '#fab005', advanced: '#15aabf', high: '#fa5252', ultra: '#e64980', critical: '#fd7e14' };

function Panel({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        {right}
      </Group>
      {children}
    </Paper>
  );
}

/** Cost (actual vs baseline, active users) or tokens (stacked input/output) over time. */
export function CostTokenChart({ state }: { state: ApiState<DailyStat[]> }) {
  const [mode, setMode] = useState('cost');
  return (
    <Panel title="Cost / Token Usage over time" right={<SegmentedControl size="xs" value={mode} onChange={setMode} data={[{ value: 'cost', label: 'Cost ($)' }, { value: 'tokens', label: 'Tokens' }]} />}>
      <DataState loading={state.loading} error={state.error} onRetry={state.reload} empty={!state.data?.length} emptyText="No traffic in this range.">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={state.data ?? []}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
            <XAxis dataKey="_id" fontSize={11} />
            <YAxis yAxisId="left" fontSize={11} tickFormatter={(v: number) => (mode === 'cost' ? `$${v}` : compact(v))} />
            <YAxis yAxisId="right" orientation="right" fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {mode === 'cost' ? (
              <>
                <Area isAnimationActive={false} yAxisId="left" type="monotone" dataKey="baselineCost" name="Baseline Cost" stroke="#868e96" fill="#868e96" fillOpacity={0.2} />
                <Area isAnimationActive={false} yAxisId="left" type="monotone" dataKey="actualCost" name="Actual Cost" stroke="#7950f2" fill="#7950f2" fillOpacity={0.35} />
              </>
            ) : (
              <>
                <Bar isAnimationActive={false} yAxisId="left" dataKey="inputTokens" name="Input" stackId="t" fill="#228be6" />
                <Bar isAnimationActive={false} yAxisId="left" dataKey="outputTokens" name="Output" stackId="t" fill="#15aabf" />
              </>
            )}
            <Line isAnimationActive={false} yAxisId="right" type="monotone" dataKey="activeUsers" name="Active Users" stroke="#fab005" dot={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </DataState>
    </Panel>
  );
}

/** Requests per model. */
export function ModelUsageChart({ state }: { state: ApiState<ModelStat[]> }) {
  const data = (state.data ?? []).slice(0, 15).map((m) => ({ name: m._id.length > 28 ? `${m._id.slice(0, 27)}…` : m._id, requests: m.requests }));
  return (
    <Panel title="Model Usage">
      <DataState loading={state.loading} error={state.error} onRetry={state.reload} empty={!data.length} emptyText="No requests yet.">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ bottom: 60 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
            <XAxis dataKey="name" angle={-35} textAnchor="end" interval={0} fontSize={10} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Bar isAnimationActive={false} dataKey="requests" name="Requests" fill="#7950f2" />
          </BarChart>
        </ResponsiveContainer>
      </DataState>
    </Panel>
  );
}

/** Cost and performance per model, sorted by cost. */
export function ModelTable({ state }: { state: ApiState<ModelStat[]> }) {
  const rows = [...(state.data ?? [])].sort((a, b) => b.actualCost - a.actualCost);
  return (
    <Panel title="Cost & Performance per Model">
      <DataState loading={state.loading} error={state.error} onRetry={state.reload} empty={!rows.length} emptyText="No requests yet.">
        <Table fz="sm" striped>
          <Table.Thead>
            <Table.Tr><Table.Th>Model</Table.Th><Table.Th>Req</Table.Th><Table.Th>In (M)</Table.Th><Table.Th>Out (M)</Table.Th><Table.Th>Cost</Table.Th><Table.Th>Avg s</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => (
              <Table.Tr key={m._id}>
                <Table.Td ff="monospace">{m._id}</Table.Td>
                <Table.Td>{m.requests}</Table.Td>
                <Table.Td>{(m.inputTokens / 1e6).toFixed(3)}</Table.Td>
                <Table.Td>{(m.outputTokens / 1e6).toFixed(3)}</Table.Td>
                <Table.Td>{usd(m.actualCost)}</Table.Td>
                <Table.Td>{m.durationMsCount ? (m.durationMsTotal / m.durationMsCount / 1000).toFixed(2) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
    </Panel>
  );
}

/** Gives requests per tier from category stats, in tier order. */
export function tierMix(stats: CategoryStat[]): { tier: string; requests: number }[] {
  const by = new Map<string, number>();
  stats.forEach((c) => by.set(c._id.costTier ?? 'unknown', (by.get(c._id.costTier ?? 'unknown') ?? 0) + c.requests));
  return [...TIERS, 'unknown'].filter((t) => by.get(t)).map((t) => ({ tier: t, requests: by.get(t)! }));
}

/** Share of auto-routed requests per tier. */
export function TierMixChart({ state }: { state: ApiState<CategoryStat[]> }) {
  const data = tierMix(state.data ?? []);
  return (
    <Panel title="Tier Mix">
      <DataState loading={state.loading} error={state.error} onRetry={state.reload} empty={!data.length} emptyText="No auto-routed requests yet.">
        <ResponsiveContainer width="100%" height={240}>
          <PieChart>
            <Pie isAnimationActive={false} data={data} dataKey="requests" nameKey="tier" innerRadius={50} outerRadius={90} label={(e: { name?: string }) => String(e.name ?? '')}>
              {data.map((d) => <Cell key={d.tier} fill={TIER_HEX[d.tier] ?? '#868e96'} />)}
            </Pie>
            <Tooltip />
          </PieChart>
        </ResponsiveContainer>
      </DataState>
    </Panel>
  );
}

/** Top 15 categories with tier badge and relative bar. */
export function CategoryPanel({ state }: { state: ApiState<CategoryStat[]> }) {
  const rows = (state.data ?? []).slice(0, 15);
  const max = Math.max(1, ...rows.map((r) => r.requests));
  return (
    <Panel title="Category Distribution">
      <DataState loading={state.loading} error={state.error} onRetry={state.reload} empty={!rows.length} emptyText="No auto-routed requests yet.">
        <Table fz="sm">
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={`${c._id.category}-${c._id.costTier}`}>
                <Table.Td>{c._id.category}</Table.Td>
                <Table.Td><TierBadge tier={c._id.costTier} size="sm" /></Table.Td>
                <Table.Td>{c.requests}</Table.Td>
                <Table.Td>{usd(c.actualCost)}</Table.Td>
                <Table.Td w={120}><Progress value={(c.requests / max) * 100} size="sm" /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
    </Panel>
  );
}

/** Recent configuration changes with expandable before → after. */
export function ConfigChangesPanel({ query }: { query: RangeQuery }) {
  const changes = useApi(() => dashboardApi.configChanges({ days: query.days, hours: query.hours, from: query.from }), [JSON.stringify(query)]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Panel title="Configuration Changes">
      <DataState loading={changes.loading} error={changes.error} onRetry={changes.reload} empty={!changes.data?.length} emptyText="No configuration changes in this range.">
        {(changes.data ?? []).slice(0, 20).map((c) => (
          <div key={c._id}>
            <UnstyledButton onClick={() => setOpen(open === c._id ? null : c._id)} w="100%">
              <Group gap="xs" wrap="nowrap" py={2}>
                <Badge size="xs" style={{ flexShrink: 0 }} color={c.action === 'delete' ? 'red' : c.action === 'create' ? 'green' : 'blue'}>{c.action}</Badge>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" fw={500} truncate>{c.targetName ?? c.target}</Text>
                  <Text size="xs" c="dimmed" truncate>{c.summary}</Text>
                </div>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{c.user} · {dateTime(c.timestamp)}</Text>
              </Group>
            </UnstyledButton>
            <Collapse in={open === c._id}>
              <Table fz="xs" my={4}>
                <Table.Tbody>
                  {(c.changes ?? []).map((ch) => (
                    <Table.Tr key={ch.field}>
                      <Table.Td ff="monospace">{ch.field}</Table.Td>
                      <Table.Td>{JSON.stringify(ch.before)}</Table.Td>
                      <Table.Td>→ {JSON.stringify(ch.after)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Collapse>
          </div>
        ))}
      </DataState>
    </Panel>
  );
}
