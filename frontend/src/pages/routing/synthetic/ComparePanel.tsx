import { Alert, Badge, Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { syntheticApi, type CompareResult, type SyntheticRun } from '../../../api/routing';
import { dateTime } from '../../../lib/format';
import { cellText, isActive } from './logic';

const DELTAS: [string, string][] = [
  ['tierMatches', 'Tier matches'],
  ['categoryMatches', 'Category matches'],
  ['avgConfidence', 'Avg confidence'],
  ['classifierNeeded', 'Classifier needed'],
  ['estimatedCostUsd', 'Est. cost (USD)'],
];

/**
 * Two (up to five) finished runs of the suite side by side, with the cases whose routing changed. Until the admin picks,
 * the selection is the two newest finished runs, so a run that finishes while this panel is open joins it.
 */
export function ComparePanel({ runs }: { runs: SyntheticRun[] }) {
  const finished = runs.filter((r) => !isActive(r.status));
  const [chosen, setPicked] = useState<string[] | null>(null);
  const picked = chosen ?? finished.slice(0, 2).map((r) => r._id);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [result, setResult] = useState<CompareResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const compare = async () => {
    setError(null);
    try {
      setResult(await syntheticApi.compare(picked));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (finished.length < 2) return <Text size="sm" c="dimmed">Finish at least two runs of this suite to compare them.</Text>;
  const options = finished.map((r) => ({ value: r._id, label: `${dateTime(r.createdAt)} · ${r.ruleSetName ?? 'no rule set'} · ${r.summary?.tierMatches ?? 0}/${r.summary?.total ?? 0}` }));
  const cases = (result?.cases ?? []).filter((c) => !onlyChanged || c.changed);
  return (
    <Stack>
      <Group align="flex-end">
        <MultiSelect label="Runs to compare" data={options} value={picked} onChange={setPicked} maxValues={5} w={520} />
        <Button onClick={() => void compare()} disabled={picked.length < 2}>Compare</Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {result && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            {DELTAS.map(([key, label]) => {
              const d = result.deltas[key];
              return (
                <Paper key={key} withBorder p="xs">
                  <Text size="xs" c="dimmed">{label}</Text>
                  <Text fw={600}>{d === null || d === undefined ? '—' : `${d > 0 ? '+' : ''}${d}`}</Text>
                </Paper>
              );
            })}
          </SimpleGrid>
          <Group>
            <Text size="sm">{result.changedCases} of {result.cases.length} cases routed differently</Text>
            <Switch label="Only changed cases" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} />
          </Group>
          <Table.ScrollContainer minWidth={800}>
            <Table fz="sm" striped data-testid="compare-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Prompt</Table.Th>
                  <Table.Th>Expected</Table.Th>
                  {result.runs.map((r) => <Table.Th key={r._id}>{dateTime(r.createdAt)}<Text size="xs" c="dimmed">{r.ruleSetName}</Text></Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cases.map((c) => (
                  <Table.Tr key={c.testCaseId}>
                    <Table.Td maw={300}><Text size="sm" lineClamp={2}>{c.prompt}</Text></Table.Td>
                    <Table.Td>{c.expectedCategory ?? '—'}</Table.Td>
                    {c.cells.map((cell, i) => (
                      <Table.Td key={i}>
                        <Group gap={4} wrap="nowrap">
                          <Badge size="xs" color={cell?.ok ? 'green' : 'red'} variant="light">{cell?.ok ? 'OK' : '✗'}</Badge>
                          <Text size="xs">{cellText(cell)}</Text>
                        </Group>
                        {cell?.model && <Text size="xs" c="dimmed">{cell.model}</Text>}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
