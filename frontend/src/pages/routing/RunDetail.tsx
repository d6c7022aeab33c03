import { Alert, Badge, Button, Collapse, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { SyntheticResult, SyntheticRun, TestRunResult } from '../../api/routing';
import { TierBadge } from '../../components/Badges';
import { usd } from '../../lib/format';
import { Findings } from './synthetic/Findings';
import { isActive, progressPercent, statusColor } from './synthetic/logic';

/** Gives the mismatch label of a result: OK, Tier, Cat or Both. */
export function mismatch(r: Pick<TestRunResult, 'tierMatch' | 'categoryMatch'>): 'OK' | 'Tier' | 'Cat' | 'Both' {
  if (r.tierMatch && r.categoryMatch) return 'OK';
  if (!r.tierMatch && !r.categoryMatch) return 'Both';
  return r.tierMatch ? 'Cat' : 'Tier';
}

function Progression({ r }: { r: SyntheticResult }) {
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
        Method {r.selectionMethod ?? '—'} · {r.routingMs ?? 0} ms{r.estimatedCostUsd !== undefined ? ` · est. ${usd(r.estimatedCostUsd, 5)}` : ''}
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

/** Gives the expected tier range of a case: min–max, ≥ min, ≤ max or "any". */
export function ExpectedTiers({ min, max }: { min?: string | null; max?: string | null }) {
  if (!min && !max) return <Text size="xs" c="dimmed">any</Text>;
  if (min && max) return <Group gap={2} wrap="nowrap"><TierBadge tier={min} size="xs" />–<TierBadge tier={max} size="xs" /></Group>;
  return <Group gap={4} wrap="nowrap"><Text size="xs">{min ? '≥' : '≤'}</Text><TierBadge tier={(min ?? max)!} size="xs" /></Group>;
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return <Paper withBorder p="xs"><Text size="xs" c="dimmed">{label}</Text><Text fw={600} component="div">{children}</Text></Paper>;
}

/** Live progress, summary, evaluation with linked findings and per-prompt results of one synthetic test run. */
export function RunDetail({ run, modelOptions, readOnly, onCancel, onEvaluate }: {
  run: SyntheticRun;
  modelOptions: { value: string; label: string }[];
  readOnly: boolean;
  onCancel: () => void;
  onEvaluate: (modelKey: string | null) => void;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const [evalModel, setEvalModel] = useState<string | null>(null);
  const running = isActive(run.status);
  const results = run.results ?? [];
  const s = run.summary ?? {};
  const ev = run.evaluation;
  const evaluating = isActive(ev?.job?.status);
  const p = run.progress ?? { done: results.length, total: results.length };
  return (
    <Stack>
      <Paper withBorder p="sm" data-testid="run-progress" data-status={run.status}>
        <Group justify="space-between" mb={6}>
          <Group gap="xs">
            <Badge color={statusColor(run.status)} data-testid="run-status">{run.status}</Badge>
            <Text size="sm" data-testid="run-counter">{p.done}/{p.total} cases routed</Text>
            {run.ruleSetName && <Text size="xs" c="dimmed">rule set {run.ruleSetName}</Text>}
            {p.useClassifier && <Badge size="xs" color="pink" variant="light">real classifier</Badge>}
          </Group>
          {running && !readOnly && (
            <Button size="xs" variant="light" color="red" disabled={run.status === 'cancelling'} onClick={onCancel}>Cancel run</Button>
          )}
        </Group>
        <Progress value={progressPercent(p)} animated={running} color={running ? 'blue' : statusColor(run.status)} aria-label="Run progress" />
        {p.error && <Text size="xs" c="red" mt={4}>{p.error}</Text>}
      </Paper>
      {!running && s.total !== undefined && (
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Stat label="Tier Matches">{s.tierMatches}/{s.total}</Stat>
          <Stat label="Category Matches">{s.categoryMatches}/{s.total}</Stat>
          <Stat label="Avg Confidence">{Math.round((s.avgConfidence ?? 0) * 100)}%</Stat>
          <Stat label="Est. cost vs baseline">
            {usd(s.estimatedCostUsd ?? 0, 4)}{s.savingsPct !== null && s.savingsPct !== undefined ? ` (${s.savingsPct}% saved)` : ''}
          </Stat>
          <Stat label="Tier Distribution">
            <Group gap={2}>{Object.entries(s.tierDistribution ?? {}).map(([t, n]) => <TierBadge key={t} tier={t} size="xs">{`${t} ${n}`}</TierBadge>)}</Group>
          </Stat>
        </SimpleGrid>
      )}
      {!running && results.length > 0 && (
        <Group align="flex-end">
          <Select label="Model for evaluation" placeholder="Tenant classifier" data={modelOptions} value={evalModel} onChange={setEvalModel} searchable clearable w={300} disabled={readOnly} />
          <Button variant="light" color="pink" disabled={readOnly || evaluating} loading={evaluating} onClick={() => onEvaluate(evalModel)}>AI Evaluate</Button>
          {evaluating && <Text size="sm" c="dimmed">Evaluating with {ev?.job?.model}…</Text>}
        </Group>
      )}
      {ev?.job?.status === 'failed' && <Alert color="red">{ev.job.error}{ev.job.problems?.length ? ` (${ev.job.problems.slice(0, 3).join('; ')})` : ''}</Alert>}
      {ev && ev.analysis !== undefined && <Findings evaluation={ev} />}
      <Table.ScrollContainer minWidth={900}>
        <Table fz="sm" data-testid="run-results">
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
            {results.map((r, i) => {
              const m = mismatch(r);
              return (
                <Fragment key={r.testCaseId ?? i}>
                  <Table.Tr data-testid="run-row">
                    <Table.Td maw={320}>
                      <UnstyledButton onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                        <Text size="sm" lineClamp={2}>{open === i ? '▾' : '▸'} {r.prompt}</Text>
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td><TierBadge tier={r.finalTier ?? r.routedTier} /></Table.Td>
                    <Table.Td miw={110}><ExpectedTiers min={r.expectedTierMin} max={r.expectedTierMax} /></Table.Td>
                    <Table.Td>{r.category ?? '—'}</Table.Td>
                    <Table.Td>{r.confidence === null || r.confidence === undefined ? '—' : `${Math.round(r.confidence * 100)}%`}</Table.Td>
                    <Table.Td>{r.finalModel ?? r.routedModel}</Table.Td>
                    <Table.Td>
                      {r.error ? <Badge color="red" variant="outline">error</Badge> : <Badge color={m === 'OK' ? 'green' : m === 'Both' ? 'red' : 'yellow'}>{m === 'OK' ? 'OK' : `${m} mismatch`}</Badge>}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr style={{ display: open === i ? undefined : 'none' }}>
                    <Table.Td colSpan={7}>
                      <Collapse in={open === i}>{r.error ? <Text size="xs" c="red" p="xs">{r.error}</Text> : <Progression r={r} />}</Collapse>
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
