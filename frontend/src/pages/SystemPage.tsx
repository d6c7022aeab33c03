import { Accordion, ActionIcon, Badge, Card, Group, Paper, Progress, SegmentedControl, SimpleGrid, Table, Text, Title, Tooltip } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { providersApi } from '../api/providers';
import { systemApi, type Pod } from '../api/system';
import { confirmAction } from '../components/confirm';
import { DataState } from '../components/DataState';
import { LogConfigForm } from '../components/LogConfigForm';
import { PageHeader } from '../components/PageHeader';
import { PollBar } from '../components/PollBar';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { uptime } from '../lib/format';
import { can } from '../lib/roles';

const ROLE_COLOR: Record<string, string> = { control: 'violet', worker: 'orange', full: 'gray' };
const BREAKER_COLOR: Record<string, string> = { CLOSED: 'green', HALF_OPEN: 'yellow', OPEN: 'red' };

/** Gives 60 per-minute buckets ending now, zero-filled where the server reported none. */
export function fillMinutes<T extends { _id: string }>(buckets: T[], now = new Date()): (Partial<T> & { _id: string })[] {
  const byId = new Map(buckets.map((b) => [b._id, b]));
  const out: (Partial<T> & { _id: string })[] = [];
  for (let i = 59; i >= 0; i--) {
    const id = new Date(now.getTime() - i * 60_000).toISOString().slice(0, 16);
    out.push(byId.get(id) ?? ({ _id: id, requests: 0, tokens: 0, errors: 0 } as unknown as Partial<T> & { _id: string }));
  }
  return out;
}

function PodCard({ pod, self, canEvict, onEvict }: { pod: Pod; self: boolean; canEvict: boolean; onEvict: () => void }) {
  const heapPct = pod.heapTotalMb ? ((pod.heapUsedMb ?? 0) / pod.heapTotalMb) * 100 : 0;
  const fresh = pod.updatedAt ? Date.now() - new Date(pod.updatedAt).getTime() < 60_000 : true;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Group gap={4}>
          <span style={{ width: 8, height: 8, borderRadius: 4, background: fresh ? 'var(--mantine-color-green-6)' : 'var(--mantine-color-red-6)', display: 'inline-block' }} aria-label={fresh ? 'healthy' : 'stale'} />
          <Text ff="monospace" fw={600}>{pod.podId.slice(0, 8)}</Text>
          {self && <Badge size="xs">this pod</Badge>}
          <Badge size="xs" color={ROLE_COLOR[pod.role] ?? 'gray'}>{pod.role}</Badge>
          {pod.version && <Badge size="xs" variant="outline">v{pod.version}</Badge>}
        </Group>
        {!self && canEvict && (
          <Tooltip label="Remove this record; it re-appears on the next heartbeat if the pod is alive" multiline w={240}>
            <ActionIcon variant="subtle" color="red" aria-label="Evict pod" onClick={onEvict}><IconTrash size={16} /></ActionIcon>
          </Tooltip>
        )}
      </Group>
      {pod.heapTotalMb ? (
        <>
          <Text size="xs">Heap {pod.heapUsedMb ?? 0} / {pod.heapTotalMb} MB</Text>
          <Progress value={heapPct} color={heapPct > 85 ? 'red' : heapPct > 65 ? 'yellow' : 'green'} size="sm" mb={4} />
        </>
      ) : (
        <Text size="xs" mb={4}>Memory {pod.heapUsedMb ?? pod.rssMb ?? 0} MB (no limit known)</Text>
      )}
      <SimpleGrid cols={3} spacing={4}>
        <Text size="xs">RSS {pod.rssMb ?? 0} MB</Text>
        <Text size="xs">{pod.reqPerMin ?? 0} req/min</Text>
        <Text size="xs" c={(pod.blockedPerMin ?? 0) > 0 ? 'red' : undefined}>{pod.blockedPerMin ?? 0} blocked/min</Text>
        <Text size="xs">lag {pod.eventLoopLagMs ?? 0} ms</Text>
        <Text size="xs">PID {pod.pid}</Text>
        <Text size="xs">up {uptime(pod.uptimeSeconds)}</Text>
      </SimpleGrid>
    </Card>
  );
}

/** System: pods, traffic, provider health, circuit breakers and log level (frontend.md §18). */
export function SystemPage() {
  const { user } = useAuth();
  const overview = useApi(() => systemApi.overview(), []);
  const breakers = useApi(() => systemApi.circuitBreaker(), []);
  const providers = useApi(() => providersApi.list(), [], user ? can.writeConfig(user.role) : false);
  const [metric, setMetric] = useState<'requests' | 'tokens' | 'errors'>('requests');
  const o = overview.data;
  const selfId = typeof o?.thisPod === 'string' ? o.thisPod : (o?.thisPod as { podId?: string } | undefined)?.podId;
  const pods = o?.pods ?? [];
  const providerName = (id: string) => providers.data?.find((p) => p._id === id)?.name ?? id;
  const evict = async (pod: Pod) => {
    if (!(await confirmAction({ title: 'Evict pod record?', message: 'It re-appears on the next heartbeat if the process is alive.', confirmLabel: 'Evict' }))) return;
    try {
      await systemApi.evictPod(pod.podId);
      void overview.reload();
    } catch (err) {
      notifyError(err);
    }
  };
  const errors5 = (o?.providerStats ?? []).reduce((n, p) => n + p.errors, 0);
  return (
    <>
      <PageHeader title="System">
        <PollBar onRefresh={() => { void overview.reload(); void breakers.reload(); }} loading={overview.loading} />
      </PageHeader>
      <DataState loading={overview.loading} error={overview.error} onRetry={overview.reload} empty={!o}>
        {o && (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }} mb="md">
              <Paper withBorder p="sm"><Text size="xs" c="dimmed">Active Pods</Text><Text fw={700} size="xl">{pods.length}</Text><Text size="xs">{pods.filter((p) => p.role === 'worker').length} worker · {pods.filter((p) => p.role === 'control').length} control</Text></Paper>
              <Paper withBorder p="sm"><Text size="xs" c="dimmed">Req/min</Text><Text fw={700} size="xl">{o.counters?.reqPerMin ?? pods.reduce((n, p) => n + (p.reqPerMin ?? 0), 0)}</Text><Text size="xs">all pods</Text></Paper>
              <Paper withBorder p="sm"><Text size="xs" c="dimmed">Blocked/min</Text><Text fw={700} size="xl">{o.counters?.blockedPerMin ?? 0}</Text></Paper>
              <Paper withBorder p="sm"><Text size="xs" c="dimmed">Provider Errors (5 min)</Text><Text fw={700} size="xl">{errors5}</Text><Text size="xs">across {(o.providerStats ?? []).length} providers</Text></Paper>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} mb="md">
              {pods.map((p) => <PodCard key={p.podId} pod={p} self={p.podId === selfId} canEvict={user ? can.writeConfig(user.role) : false} onEvict={() => void evict(p)} />)}
            </SimpleGrid>
            <Paper withBorder p="sm" mb="md">
              <Group justify="space-between" mb="xs">
                <Title order={5}>Traffic (60 min)</Title>
                <SegmentedControl size="xs" value={metric} onChange={(v) => setMetric(v as typeof metric)} data={[{ value: 'requests', label: 'Requests' }, { value: 'tokens', label: 'Tokens' }, { value: 'errors', label: 'Errors' }]} />
              </Group>
              <ResponsiveContainer width="100%" height={200}>
                <BarChart data={fillMinutes(o.trafficBuckets ?? [])}>
                  <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                  <XAxis dataKey="_id" fontSize={10} tickFormatter={(v: string) => v.slice(11)} />
                  <YAxis fontSize={11} allowDecimals={false} />
                  <ChartTooltip />
                  <Bar isAnimationActive={false} dataKey={metric} fill={metric === 'errors' ? '#fa5252' : '#7950f2'} />
                </BarChart>
              </ResponsiveContainer>
            </Paper>
            <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
              <Paper withBorder p="sm">
                <Title order={5} mb="xs">Provider health (5 min)</Title>
                <Table fz="sm">
                  <Table.Thead><Table.Tr><Table.Th>Provider</Table.Th><Table.Th>Requests</Table.Th><Table.Th>Errors</Table.Th><Table.Th>Avg routing</Table.Th><Table.Th>Avg duration</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {(o.providerStats ?? []).map((p) => (
                      <Table.Tr key={p._id}><Table.Td>{providerName(p._id)}</Table.Td><Table.Td>{p.total}</Table.Td><Table.Td><Badge color={p.errors ? 'red' : 'green'}>{p.errors}</Badge></Table.Td><Table.Td>{Math.round(p.avgRouting ?? 0)} ms</Table.Td><Table.Td>{Math.round(p.avgDuration ?? 0)} ms</Table.Td></Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
              <Paper withBorder p="sm">
                <Title order={5} mb="xs">Circuit breakers</Title>
                {(breakers.data ?? []).length === 0 ? (
                  <Text size="sm" c="dimmed">All providers healthy — nothing tracked.</Text>
                ) : (
                  <Table fz="sm">
                    <Table.Tbody>
                      {(breakers.data ?? []).map((b) => (
                        <Table.Tr key={b.providerId}><Table.Td>{b.providerName ?? b.providerId}</Table.Td><Table.Td><Badge color={BREAKER_COLOR[b.state] ?? 'gray'}>{b.state}</Badge></Table.Td><Table.Td>{b.failures} failures</Table.Td><Table.Td>{b.errorRate ?? 0}%</Table.Td></Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            </SimpleGrid>
          </>
        )}
      </DataState>
      <Accordion variant="separated">
        <Accordion.Item value="log">
          <Accordion.Control>Log settings (log level, prompt logging, retention)</Accordion.Control>
          <Accordion.Panel><LogConfigForm readOnly={user?.role !== 'admin'} /></Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </>
  );
}
