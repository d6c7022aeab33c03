import { ActionIcon, Alert, Badge, Button, Grid, Group, MultiSelect, NavLink, NumberInput, Paper, Select, Stack, Switch, Table, Text, TextInput, Loader } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { errorMessage } from '../../api/client';
import { providersApi } from '../../api/providers';
import { routingApi, type TestRun } from '../../api/routing';
import { tenantsApi } from '../../api/tenants';
import { confirmAction } from '../../components/confirm';
import { DataState, Empty } from '../../components/DataState';
import { TierBadge } from '../../components/Badges';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { dateTime } from '../../lib/format';
import { RunDetail } from './RunDetail';

/** Gives the badge colour of an evaluation score: green ≥ 80, yellow ≥ 50, red below. */
export function scoreColor(score: number): string {
  return score >= 80 ? 'green' : score >= 50 ? 'yellow' : 'red';
}

/** Synthetic Tests: AI-generated prompts run against routing, with AI evaluation (frontend.md §10.7). */
export function SyntheticTab({ readOnly }: { readOnly: boolean }) {
  const suites = useApi(() => routingApi.suites(), []);
  const tenants = useApi(() => tenantsApi.list(), []);
  const categories = useApi(() => categoriesApi.list(), []);
  const models = useApi(() => providersApi.allModels(), [], !readOnly);
  const [name, setName] = useState('');
  const [suiteId, setSuiteId] = useState<string | null>(null);
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [focus, setFocus] = useState<string[]>([]);
  const [genModel, setGenModel] = useState<string | null>(null);
  const [count, setCount] = useState<number>(10);
  const [useClassifier, setUseClassifier] = useState(false);
  const [phase, setPhase] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const runs = useApi(() => routingApi.runs(suiteId!), [suiteId], suiteId !== null);
  const suite = suites.data?.find((s) => s._id === suiteId) ?? null;
  const tenant = tenantId ?? tenants.data?.find((t) => t.isDefault)?._id ?? tenants.data?.[0]?._id ?? null;
  const run = runs.data?.find((r) => r._id === runId) ?? runs.data?.[0] ?? null;

  useEffect(() => {
    if (!suiteId && suites.data?.length) setSuiteId(suites.data[0]._id);
  }, [suites.data, suiteId]);

  const long = async (label: string, fn: () => Promise<void>) => {
    setPhase(label);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPhase(null);
    }
  };

  const modelParts = () => {
    if (!genModel) return {};
    const [providerId, ...rest] = genModel.split('|');
    return { providerId, modelId: rest.join('|') };
  };

  const create = () =>
    long('Creating suite…', async () => {
      const s = await routingApi.createSuite(name.trim());
      setName('');
      await suites.reload();
      setSuiteId(s._id);
    });

  const generate = () =>
    long(`Generating ${count} test prompts with AI… this can take a minute`, async () => {
      if (!suite || !tenant) return;
      const r = await routingApi.generate(suite._id, { tenantId: tenant, count, category: focus.join(',') || undefined, ...modelParts() });
      await suites.reload();
      setError(null);
      if (!r.generated) setError('The model returned no test prompts.');
    });

  const runSuite = () =>
    long(`Routing ${suite?.testCases.length ?? 0} test prompts…`, async () => {
      if (!suite || !tenant) return;
      const r = await routingApi.run(suite._id, tenant, useClassifier);
      await runs.reload();
      setRunId(r._id);
    });

  const evaluate = (modelKey: string | null) =>
    long('AI evaluation running…', async () => {
      if (!run || !tenant) return;
      const [providerId, ...rest] = (modelKey ?? '').split('|');
      await routingApi.evaluate(run._id, { tenantId: tenant, ...(modelKey ? { providerId, modelId: rest.join('|') } : {}) });
      await runs.reload();
    });

  const removeSuite = async (id: string) => {
    if (!(await confirmAction({ title: 'Delete suite?', message: 'Its test cases and runs are deleted too.' }))) return;
    try {
      await routingApi.deleteSuite(id);
      setSuiteId(null);
      await suites.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  const modelOptions = (models.data ?? []).map((m) => ({ value: `${m.providerId}|${m.id}`, label: `${m.providerName} / ${m.id}` }));

  return (
    <Grid data-tour="synthetic">
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Paper withBorder p="xs">
          {!readOnly && (
            <Group gap={4} mb="xs" wrap="nowrap">
              <TextInput size="xs" placeholder="New suite name" aria-label="New suite name" value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1, minWidth: 0 }} />
              <Button size="xs" px="xs" style={{ flexShrink: 0 }} disabled={!name.trim()} onClick={() => void create()}>
                Create
              </Button>
            </Group>
          )}
          <DataState loading={suites.loading} error={suites.error} onRetry={suites.reload} empty={!suites.data?.length} emptyText="No test suites yet.">
            {(suites.data ?? []).map((s) => (
              <NavLink
                key={s._id}
                active={s._id === suiteId}
                label={s.name}
                description={`${s.testCases?.length ?? 0} tests`}
                onClick={() => { setSuiteId(s._id); setRunId(null); }}
                rightSection={!readOnly && (
                  <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Delete suite ${s.name}`} onClick={(e) => { e.stopPropagation(); void removeSuite(s._id); }}>
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              />
            ))}
          </DataState>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        {!suite ? (
          <Empty>Create or select a test suite.</Empty>
        ) : (
          <Stack>
            <Group align="flex-end">
              <Select label="Tenant" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={tenant} onChange={setTenantId} w={200} allowDeselect={false} />
              <MultiSelect label="Categories (optional)" data={(categories.data ?? []).map((c) => c.key)} value={focus} onChange={setFocus} searchable w={240} />
              <Select label="Model for generation" placeholder="Tenant classifier" data={modelOptions} value={genModel} onChange={setGenModel} searchable clearable w={260} />
              <NumberInput label="Count" min={5} max={30} value={count} onChange={(v) => setCount(Math.max(5, Math.min(30, Number(v) || 10)))} w={90} />
            </Group>
            <Group>
              <Button disabled={readOnly || Boolean(phase)} onClick={() => void generate()}>
                Generate Tests
              </Button>
              <Switch label="Use real classifier (costs tokens per test)" checked={useClassifier} onChange={(e) => setUseClassifier(e.currentTarget.checked)} />
              <Button variant="light" disabled={readOnly || Boolean(phase) || !suite.testCases?.length} onClick={() => void runSuite()}>
                Run Suite
              </Button>
            </Group>
            {phase && (
              <Group gap="xs" role="status">
                <Loader size="xs" />
                <Text size="sm">{phase}</Text>
              </Group>
            )}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Text fw={600}>Test cases ({suite.testCases?.length ?? 0})</Text>
            {suite.testCases?.length ? (
              <Table.ScrollContainer minWidth={700} mah={260}>
                <Table striped fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Prompt</Table.Th>
                      <Table.Th>Expected category</Table.Th>
                      <Table.Th>Expected tier</Table.Th>
                      <Table.Th>Tags</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {suite.testCases.map((c, i) => (
                      <Table.Tr key={c._id ?? i}>
                        <Table.Td maw={380}><Text size="sm" lineClamp={2}>{c.prompt}</Text></Table.Td>
                        <Table.Td>{c.expectedCategory ?? '—'}</Table.Td>
                        <Table.Td>
                          <Group gap={2}>
                            <TierBadge tier={c.expectedTierMin} size="xs" />
                            {c.expectedTierMax && <>–<TierBadge tier={c.expectedTierMax} size="xs" /></>}
                          </Group>
                        </Table.Td>
                        <Table.Td>{(c.tags ?? []).join(', ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Empty>No test cases — generate some with AI.</Empty>
            )}
            <Text fw={600}>Runs</Text>
            {(runs.data ?? []).length === 0 ? (
              <Text size="sm" c="dimmed">No runs yet.</Text>
            ) : (
              <Group gap="xs">
                {(runs.data ?? []).map((r: TestRun) => (
                  <Button key={r._id} size="xs" variant={r._id === run?._id ? 'filled' : 'default'} onClick={() => setRunId(r._id)}>
                    {dateTime(r.createdAt)} · {r.summary.tierMatches}/{r.summary.total}
                    {r.evaluation && <Badge ml={6} size="xs" color={scoreColor(r.evaluation.score)}>{r.evaluation.score}</Badge>}
                  </Button>
                ))}
              </Group>
            )}
            {run && <RunDetail run={run} modelOptions={modelOptions} readOnly={readOnly} busy={Boolean(phase)} onEvaluate={(m) => void evaluate(m)} />}
          </Stack>
        )}
      </Grid.Col>
    </Grid>
  );
}
