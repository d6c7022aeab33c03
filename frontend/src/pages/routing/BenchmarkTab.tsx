import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Loader } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { routingApi, type BenchmarkResult } from '../../api/routing';
import { TIERS, type RuleSet } from '../../api/types';
import { TierBadge } from '../../components/Badges';
import { usd } from '../../lib/format';

function Distribution({ title, side, other }: { title: string; side: NonNullable<BenchmarkResult['current']>; other?: NonNullable<BenchmarkResult['current']> }) {
  return (
    <Paper withBorder p="sm">
      <Text fw={600} mb="xs">{title}</Text>
      {TIERS.map((t) => {
        const n = side.tierDistribution[t] ?? 0;
        const d = other ? n - (other.tierDistribution[t] ?? 0) : 0;
        return (
          <Group key={t} justify="space-between">
            <TierBadge tier={t} />
            <Text size="sm">
              {n}
              {d !== 0 && <Text span c={d > 0 ? 'green' : 'red'} size="xs"> ({d > 0 ? '+' : ''}{d})</Text>}
            </Text>
          </Group>
        );
      })}
      <Text size="xs" mt="xs">Classifier call rate {Math.round(side.classifierCallRate * 100)}% · est. cost {usd(side.estimatedCost, 4)}</Text>
    </Paper>
  );
}

/** Replays logged requests through this rule set and compares tiers and cost (routing.md §17). */
export function BenchmarkTab({ rs }: { rs: RuleSet }) {
  const [days, setDays] = useState(30);
  const [limit, setLimit] = useState(500);
  const [result, setResult] = useState<BenchmarkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!rs._id) return <Alert color="blue">Save the rule set first, then benchmark it against logged traffic.</Alert>;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await routingApi.benchmark({ ruleSetId: rs._id, days, limit }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Group align="flex-end">
        <NumberInput label="History window (days)" min={1} max={365} value={days} onChange={(v) => setDays(Number(v) || 30)} w={180} />
        <NumberInput label="Max requests" min={10} max={2000} value={limit} onChange={(v) => setLimit(Number(v) || 500)} w={150} />
        <Button onClick={() => void run()} loading={busy}>Run benchmark</Button>
        {busy && <Loader size="xs" />}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {result && !result.simulated && <Alert color="gray">{result.message ?? 'No auto-routed requests found in this period.'}</Alert>}
      {result?.simulated && result.current && result.proposed && result.diff ? (
        <>
          <Group>
            <Text>{result.simulated} requests simulated</Text>
            <Badge color={result.dataQuality === 'full' ? 'green' : 'yellow'}>{result.dataQuality} data</Badge>
          </Group>
          <SimpleGrid cols={2}>
            <Distribution title="Current" side={result.current} />
            <Distribution title="Proposed" side={result.proposed} other={result.current} />
          </SimpleGrid>
          <SimpleGrid cols={3}>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">Tier shifts</Text><Text fw={600}>{result.diff.tierShifts}</Text></Paper>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">Classifier bypasses</Text><Text fw={600}>{result.diff.classifierBypasses} ({result.diff.classifierBypassRate})</Text></Paper>
            <Paper withBorder p="sm"><Text size="xs" c="dimmed">Cost delta</Text><Text fw={600} c={result.diff.costDelta <= 0 ? 'green' : 'red'}>{usd(result.diff.costDelta, 4)}</Text></Paper>
          </SimpleGrid>
          <Table.ScrollContainer minWidth={800}>
            <Table fz="sm" striped>
              <Table.Thead>
                <Table.Tr><Table.Th>Time</Table.Th><Table.Th>Tokens</Table.Th><Table.Th>Current → proposed</Table.Th><Table.Th>Signal</Table.Th><Table.Th>Domain</Table.Th><Table.Th>Model</Table.Th><Table.Th>Category</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(result.changes ?? []).map((c) => (
                  <Table.Tr key={String(c.requestId)}>
                    <Table.Td>{new Date(String(c.timestamp)).toLocaleString()}</Table.Td>
                    <Table.Td>{c.inputTokens}</Table.Td>
                    <Table.Td><TierBadge tier={String(c.currentTier)} /> → <TierBadge tier={String(c.proposedTier)} /></Table.Td>
                    <Table.Td>{c.signalSource}</Table.Td>
                    <Table.Td>{c.domain}</Table.Td>
                    <Table.Td>{c.routedModel}</Table.Td>
                    <Table.Td>{c.category}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
    </Stack>
  );
}
