import { ActionIcon, Badge, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { systemApi } from '../../api/system';
import type { Tenant } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import type { TabProps } from './TenantEditor';

type Chain = NonNullable<Tenant['fallbackChains']>[number];
type ModelFallback = NonNullable<Tenant['modelFallbacks']>[number];

const STATE_COLOR: Record<string, string> = { CLOSED: 'green', HALF_OPEN: 'yellow', OPEN: 'red' };

/** Fallback chains, model fallbacks and circuit-breaker status. */
export function ResilienceTab({ t, set, providers, isNew }: TabProps) {
  const chains = t.fallbackChains ?? [];
  const mfs = t.modelFallbacks ?? [];
  const opts = providers.map((p) => ({ value: p._id, label: p.name }));
  const breaker = useApi(() => systemApi.circuitBreaker(), [], !isNew);
  const setChains = (c: Chain[]) => set({ fallbackChains: c });
  const setMfs = (m: ModelFallback[]) => set({ modelFallbacks: m });
  const defaultChain = chains.find((c) => c.modelPattern === '*');
  const tracked = (breaker.data ?? []).filter((b) => t.providerIds.includes(b.providerId));

  return (
    <Stack gap="sm">
      <Title order={6}>Default Fallback Chain</Title>
      <MultiSelect
        description="Providers tried in this order when the first one fails"
        data={opts}
        value={defaultChain?.providers ?? []}
        onChange={(v) => setChains(defaultChain ? chains.map((c) => (c.modelPattern === '*' ? { ...c, providers: v } : c)) : [...chains, { modelPattern: '*', providers: v, maxRetries: 2 }])}
      />
      <Title order={6}>Model-Specific Chains</Title>
      {chains.map((c, i) =>
        c.modelPattern === '*' ? null : (
          <Group key={i} align="flex-end" grow>
            <TextInput label="Model pattern" value={c.modelPattern} onChange={(e) => setChains(chains.map((x, j) => (j === i ? { ...x, modelPattern: e.currentTarget.value } : x)))} />
            <MultiSelect label="Providers" data={opts} value={c.providers} onChange={(v) => setChains(chains.map((x, j) => (j === i ? { ...x, providers: v } : x)))} />
            <ActionIcon maw={40} variant="subtle" color="red" aria-label="Remove chain" onClick={() => setChains(chains.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ),
      )}
      <Button variant="subtle" size="xs" w="fit-content" onClick={() => setChains([...chains, { modelPattern: 'claude-*', providers: [], maxRetries: 2 }])}>
        Add model chain
      </Button>
      <Title order={6}>Model Fallbacks</Title>
      {mfs.map((m, i) => (
        <Paper key={i} withBorder p="xs">
          <Group align="flex-end" grow>
            <Select label="Rule type" data={[{ value: 'specific', label: 'Specific' }, { value: 'next-tier', label: 'Next tier within provider' }]} value={m.type} onChange={(v) => setMfs(mfs.map((x, j) => (j === i ? { ...x, type: (v ?? 'specific') as ModelFallback['type'] } : x)))} />
            <TextInput label="Source model or pattern" value={m.sourcePattern} onChange={(e) => setMfs(mfs.map((x, j) => (j === i ? { ...x, sourcePattern: e.currentTarget.value } : x)))} />
            <TextInput
              label="Fallback models (comma-separated, max 4)"
              value={m.fallbacks.map((f) => f.model).join(', ')}
              onChange={(e) => setMfs(mfs.map((x, j) => (j === i ? { ...x, fallbacks: e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 4).map((model) => ({ model, providerId: null })) } : x)))}
            />
            <ActionIcon maw={40} variant="subtle" color="red" aria-label="Remove model fallback" onClick={() => setMfs(mfs.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
      <Button variant="subtle" size="xs" w="fit-content" onClick={() => setMfs([...mfs, { type: 'specific', sourcePattern: '', fallbacks: [] }])}>
        Add model fallback
      </Button>
      <Title order={6}>Circuit Breaker Status</Title>
      {isNew ? (
        <Text size="sm" c="dimmed">Available after the tenant is created.</Text>
      ) : tracked.length === 0 ? (
        <Text size="sm" c="dimmed">All providers healthy — no failures tracked.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {tracked.map((b) => (
              <Table.Tr key={b.providerId}>
                <Table.Td>{b.providerName ?? b.providerId}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[b.state] ?? 'gray'}>{b.state}</Badge>
                </Table.Td>
                <Table.Td>{b.failures} failures</Table.Td>
                <Table.Td>{b.errorRate ?? 0}% errors</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
