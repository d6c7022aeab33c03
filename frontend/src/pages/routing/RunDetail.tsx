import { Badge, Button, Collapse, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { TestRun, TestRunResult } from '../../api/routing';
import { TierBadge } from '../../components/Badges';
import { scoreColor } from './SyntheticTab';

/** Gives the mismatch label of a result: OK, Tier, Cat or Both. */
export function mismatch(r: Pick<TestRunResult, 'tierMatch' | 'categoryMatch'>): 'OK' | 'Tier' | 'Cat' | 'Both' {
  if (r.tierMatch && r.categoryMatch) return 'OK';
  if (!r.tierMatch && !r.categoryMatch) return 'Both';
  return r.tierMatch ? 'Cat' : 'Tier';
}

function Progression({ r }: { r: TestRunResult }) {
  const steps: [string, string | undefined][] = [
    ['Classifier', r.classifierTier],
    ['Overrides', r.afterOverrides],
    ['Quality/Cost mode', r.afterCostMode],
    ['Final', r.finalTier ?? r.routedTier],
  ];
  return (
    <Stack gap={6} p="xs">
      <Group gap={6}>
        {steps.map(([label, tier], i) => (
          <Group key={label} gap={4}>
            {i > 0 && <Text c="dimmed">→</Text>}
            <Text size="xs">{label}</Text>
            <TierBadge tier={tier} size="sm" />
          </Group>
        ))}
        {r.finalModel && <Badge variant="outline">{r.finalModel}</Badge>}
      </Group>
      <Text size="xs">
        Method {r.selectionMethod ?? '—'} · {r.routingMs ?? 0} ms
      </Text>
      {r.reasoning && <Text size="xs" c="dimmed">Classifier: {r.reasoning}</Text>}
      {(r.trace ?? []).map((s) => (
        <Group key={s.step} gap={4}>
          <Badge size="xs" color={s.changed ? 'green' : 'gray'}>{s.step}</Badge>
          <Text size="xs" fw={500}>{s.name}</Text>
          <Text size="xs" c="dimmed">{s.detail ?? ''}</Text>
        </Group>
      ))}
    </Stack>
  );
}

/** Summary, evaluation and per-prompt results of one synthetic test run. */
export function RunDetail({ run, modelOptions, readOnly, busy, onEvaluate }: { run: TestRun; modelOptions: { value: string; label: string }[]; readOnly: boolean; busy: boolean; onEvaluate: (modelKey: string | null) => void }) {
  const [open, setOpen] = useState<number | null>(null);
  const [evalModel, setEvalModel] = useState<string | null>(null);
  const s = run.summary;
  const ev = run.evaluation;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Paper withBorder p="xs"><Text size="xs" c="dimmed">Tier Matches</Text><Text fw={600}>{s.tierMatches}/{s.total}</Text></Paper>
        <Paper withBorder p="xs"><Text size="xs" c="dimmed">Category Matches</Text><Text fw={600}>{s.categoryMatches}/{s.total}</Text></Paper>
        <Paper withBorder p="xs"><Text size="xs" c="dimmed">Avg Confidence</Text><Text fw={600}>{Math.round((s.avgConfidence ?? 0) * 100)}%</Text></Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">Tier Distribution</Text>
          <Group gap={2}>{Object.entries(s.tierDistribution ?? {}).map(([t, n]) => <TierBadge key={t} tier={t} size="xs">{`${t} ${n}`}</TierBadge>)}</Group>
        </Paper>
      </SimpleGrid>
      <Group align="flex-end">
        <Select label="Model for evaluation" placeholder="Tenant classifier" data={modelOptions} value={evalModel} onChange={setEvalModel} searchable clearable w={300} />
        <Button variant="light" color="pink" disabled={readOnly || busy} onClick={() => onEvaluate(evalModel)}>AI Evaluate</Button>
      </Group>
      {ev && (
        <Paper withBorder p="sm">
          <Group mb="xs">
            <Title order={5}>Evaluation</Title>
            <Badge color={scoreColor(ev.score)} size="lg">{ev.score}</Badge>
            <Text size="xs" c="dimmed">{ev.model}</Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mb="xs">{ev.analysis}</Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <div><Text fw={500} size="sm">For better quality:</Text><List size="sm">{ev.qualitySuggestions.map((q, i) => <List.Item key={i}>{q}</List.Item>)}</List></div>
            <div><Text fw={500} size="sm">To save costs:</Text><List size="sm">{ev.costSuggestions.map((q, i) => <List.Item key={i}>{q}</List.Item>)}</List></div>
          </SimpleGrid>
        </Paper>
      )}
      <Table.ScrollContainer minWidth={900}>
        <Table fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Prompt</Table.Th>
              <Table.Th>Routed tier</Table.Th>
              <Table.Th>Expected</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Confidence</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.results.map((r, i) => {
              const m = mismatch(r);
              return (
                <Fragment key={i}>
                  <Table.Tr>
                    <Table.Td maw={320}>
                      <UnstyledButton onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                        <Text size="sm" lineClamp={2}>{open === i ? '▾' : '▸'} {r.prompt}</Text>
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td><TierBadge tier={r.routedTier} /></Table.Td>
                    <Table.Td><Group gap={2}><TierBadge tier={r.expectedTierMin} size="xs" />–<TierBadge tier={r.expectedTierMax} size="xs" /></Group></Table.Td>
                    <Table.Td>{r.category}</Table.Td>
                    <Table.Td>{Math.round((r.confidence ?? 0) * 100)}%</Table.Td>
                    <Table.Td>{r.routedModel}</Table.Td>
                    <Table.Td><Badge color={m === 'OK' ? 'green' : m === 'Both' ? 'red' : 'yellow'}>{m === 'OK' ? 'OK' : `${m} mismatch`}</Badge></Table.Td>
                  </Table.Tr>
                  <Table.Tr style={{ display: open === i ? undefined : 'none' }}>
                    <Table.Td colSpan={7}>
                      <Collapse in={open === i}><Progression r={r} /></Collapse>
                    </Table.Td>
                  </Table.Tr>
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
