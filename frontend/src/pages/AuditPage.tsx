import { Badge, Collapse, Group, Paper, Select, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { dashboardApi } from '../api/dashboard';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/useApi';
import { dateTime } from '../lib/format';

const TARGETS = ['rule-set', 'tenant', 'category', 'model', 'provider', 'user', 'webhook', 'quota', 'settings'];

/** Configuration audit trail: who changed what, with before → after (tenants-and-admin.md §9). */
export function AuditPage() {
  const [days, setDays] = useState('30');
  const [target, setTarget] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const changes = useApi(() => dashboardApi.configChanges({ days: Number(days) }), [days]);
  const rows = (changes.data ?? []).filter((c) => (!target || c.target === target) && (!text || `${c.targetName} ${c.summary} ${c.user}`.toLowerCase().includes(text.toLowerCase())));
  return (
    <>
      <PageHeader title="Audit Trail" subtitle="Configuration changes (kept 90 days)" />
      <Group mb="sm">
        <Select label="Period" data={[{ value: '1', label: 'Last 24 h' }, { value: '7', label: 'Last 7 d' }, { value: '30', label: 'Last 30 d' }, { value: '90', label: 'Last 90 d' }]} value={days} onChange={(v) => setDays(v ?? '30')} allowDeselect={false} w={140} />
        <Select label="Target" placeholder="All" data={TARGETS} value={target} onChange={setTarget} clearable w={160} />
        <TextInput label="Search" value={text} onChange={(e) => setText(e.currentTarget.value)} w={220} />
      </Group>
      <DataState loading={changes.loading} error={changes.error} onRetry={changes.reload} empty={!rows.length} emptyText="No changes in this period.">
        <Stack gap={4}>
          {rows.map((c) => (
            <Paper key={c._id} withBorder p="xs">
              <UnstyledButton w="100%" onClick={() => setOpen(open === c._id ? null : c._id)} aria-expanded={open === c._id}>
                <Group gap="xs" wrap="nowrap">
                  <Badge size="sm" color={c.action === 'delete' ? 'red' : c.action === 'create' ? 'green' : 'blue'}>{c.action}</Badge>
                  <Badge size="sm" variant="outline">{c.target}</Badge>
                  <Text size="sm" fw={500}>{c.targetName}</Text>
                  <Text size="sm" c="dimmed" truncate>{c.summary}</Text>
                  <Text size="xs" c="dimmed" ml="auto" style={{ whiteSpace: 'nowrap' }}>{c.user} · {dateTime(c.timestamp)}</Text>
                </Group>
              </UnstyledButton>
              <Collapse in={open === c._id}>
                <Table fz="xs" mt="xs">
                  <Table.Thead><Table.Tr><Table.Th>Field</Table.Th><Table.Th>Before</Table.Th><Table.Th>After</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {(c.changes ?? []).map((ch) => (
                      <Table.Tr key={ch.field}><Table.Td ff="monospace">{ch.field}</Table.Td><Table.Td>{JSON.stringify(ch.before)}</Table.Td><Table.Td>{JSON.stringify(ch.after)}</Table.Td></Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Collapse>
            </Paper>
          ))}
        </Stack>
      </DataState>
    </>
  );
}
