import { Alert, Badge, Button, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { routingApi, syntheticApi, type SyntheticBenchmarkResult } from '../../../api/routing';
import { TIERS } from '../../../api/types';
import { TierBadge } from '../../../components/Badges';
import { useApi } from '../../../hooks/useApi';
import { usd } from '../../../lib/format';
import type { Option } from './GeneratePanel';
import { signedUsd } from './logic';

function Card({ label, value, color, note }: { label: string; value: React.ReactNode; color?: string; note?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={600} c={color}>{value}</Text>
      {note && <Text size="xs" c="dimmed">{note}</Text>}
    </Paper>
  );
}

/** A candidate rule set against this suite (real dry-run pipeline) or a replay of logged requests (§17). */
export function BenchmarkPanel({ suiteId, tenantId, tenants, prompts }: { suiteId: string; tenantId: string | null; tenants: Option[]; prompts: Record<string, string> }) {
  const sets = useApi(() => routingApi.ruleSets(), []);
  const [ruleSetId, setRuleSetId] = useState<string | null>(null);
  const [source, setSource] = useState<'suite' | 'logs'>('suite');
  const [days, setDays] = useState(30);
  const [limit, setLimit] = useState(500);
  const [simulate, setSimulate] = useState<string | null>(null);
  const [result, setResult] = useState<SyntheticBenchmarkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!ruleSetId) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await syntheticApi.benchmark(
          source === 'suite'
            ? { source, ruleSetId, suiteId, tenantId: tenantId ?? undefined }
            : { source, ruleSetId, days, limit, simulateTenantId: simulate ?? undefined },
        ),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Group align="flex-end">
        <Select label="Candidate rule set" data={(sets.data ?? []).map((r) => ({ value: r._id, label: r.name }))} value={ruleSetId} onChange={setRuleSetId} w={240} searchable />
        <SegmentedControl value={source} onChange={(v) => setSource(v as 'suite' | 'logs')} data={[{ value: 'suite', label: 'This test set' }, { value: 'logs', label: 'Logged requests' }]} />
        {source === 'logs' && (
          <>
            <NumberInput label="Days" min={1} max={365} value={days} onChange={(v) => setDays(Number(v) || 30)} w={90} />
            <NumberInput label="Max requests" min={10} max={2000} value={limit} onChange={(v) => setLimit(Number(v) || 500)} w={120} />
            <Select label="Simulate tenant overrides" placeholder="None" data={tenants} value={simulate} onChange={setSimulate} clearable w={220} />
          </>
        )}
        <Button onClick={() => void run()} loading={busy} disabled={!ruleSetId}>Run benchmark</Button>
      </Group>
      <Text size="xs" c="dimmed">
        {source === 'suite'
          ? 'Every case goes through the real dry-run pipeline twice: with the tenant’s current rule set and with the candidate; cost from model prices.'
          : 'Logged auto-routed requests are replayed through the candidate (no LLM call); cost delta scales the logged cost by the tier multipliers.'}
      </Text>
      {error && <Alert color="red">{error}</Alert>}
      {result?.source === 'suite' && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            <Card label="Cases replayed" value={result.replayed} />
            <Card label="Tier changes" value={result.tierChanges} />
            <Card label="Category changes" value={result.categoryChanges} />
            <Card label="Model changes" value={result.modelChanges} />
            <Card label="Cost delta (model prices)" value={signedUsd(result.costDeltaUsd, 6)} note={`${usd(result.costCurrentUsd, 6)} → ${usd(result.costCandidateUsd, 6)}`} color={result.costDeltaUsd <= 0 ? 'green' : 'red'} />
          </SimpleGrid>
          {result.changes.length === 0 && <Text size="sm" c="dimmed">No routing decision changes with the candidate.</Text>}
          {result.changes.length > 0 && (
          <Table fz="sm" striped>
            <Table.Thead><Table.Tr><Table.Th>Case</Table.Th><Table.Th>Current</Table.Th><Table.Th>Candidate</Table.Th><Table.Th>Cost delta</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {result.changes.map((c) => (
                <Table.Tr key={c.requestId}>
                  <Table.Td maw={280}><Text size="sm" lineClamp={2}>{prompts[c.requestId] ?? c.requestId}</Text></Table.Td>
                  <Table.Td><TierBadge tier={c.current.tier ?? undefined} /> {c.current.category} · {c.current.model}</Table.Td>
                  <Table.Td><TierBadge tier={c.candidate.tier ?? undefined} /> {c.candidate.category} · {c.candidate.model}</Table.Td>
                  <Table.Td>{signedUsd(c.costDeltaUsd, 6)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          )}
        </>
      )}
      {result?.source === 'logs' && !result.simulated && <Alert color="gray">{result.message ?? 'No auto-routed requests found in this period.'}</Alert>}
      {result?.source === 'logs' && result.simulated > 0 && result.current && result.proposed && result.diff && (
        <>
          <Group>
            <Text>{result.simulated} requests simulated</Text>
            <Badge color={result.dataQuality === 'full' ? 'green' : 'yellow'}>{result.dataQuality} data</Badge>
          </Group>
          <Table fz="sm">
            <Table.Thead><Table.Tr><Table.Th>Tier</Table.Th><Table.Th>Current</Table.Th><Table.Th>Proposed</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {TIERS.map((t) => (
                <Table.Tr key={t}><Table.Td><TierBadge tier={t} /></Table.Td><Table.Td>{result.current!.tierDistribution[t] ?? 0}</Table.Td><Table.Td>{result.proposed!.tierDistribution[t] ?? 0}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <SimpleGrid cols={{ base: 2, md: 3 }}>
            <Card label="Tier shifts" value={result.diff.tierShifts} />
            <Card label="Classifier bypasses" value={`${result.diff.classifierBypasses} (${result.diff.classifierBypassRate})`} />
            <Card label="Cost delta (tier multipliers)" value={signedUsd(result.diff.costDelta)} color={result.diff.costDelta <= 0 ? 'green' : 'red'} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
