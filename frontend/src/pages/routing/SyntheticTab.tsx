import { ActionIcon, Alert, Anchor, Badge, Button, Grid, Group, NavLink, Paper, Select, Stack, Switch, Tabs, Text, TextInput } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { categoriesApi } from '../../api/categories';
import { errorMessage } from '../../api/client';
import { providersApi } from '../../api/providers';
import { routingApi, syntheticApi, type SyntheticSuite } from '../../api/routing';
import { tenantsApi } from '../../api/tenants';
import { confirmAction } from '../../components/confirm';
import { DataState, Empty } from '../../components/DataState';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { dateTime } from '../../lib/format';
import { BenchmarkPanel } from './synthetic/BenchmarkPanel';
import { CasesPanel } from './synthetic/CasesPanel';
import { ComparePanel } from './synthetic/ComparePanel';
import { GeneratePanel } from './synthetic/GeneratePanel';
import { isActive, modelKey, pickRun, progressPercent, scoreColor, statusColor } from './synthetic/logic';
import { RunView } from './synthetic/RunView';
import { usePolling } from './synthetic/usePolling';

export { scoreColor };

/**
 * Synthetic Tests AI (frontend.md §10.7, routing.md §16): generated or hand-written test sets, runs with live progress,
 * AI evaluation with linked findings, run comparison and the rule-set benchmark. Everything lives on the server
 * (suite, jobs, runs); the selection lives in the URL, so a reload comes back to the same place.
 */
export function SyntheticTab({ readOnly }: { readOnly: boolean }) {
  const [params, setParams] = useSearchParams();
  const suiteId = params.get('suite');
  const view = params.get('view') ?? 'cases';
  const suites = useApi(() => routingApi.suites(), []);
  const jobs = useApi(() => syntheticApi.jobs(), []);
  const tenants = useApi(() => tenantsApi.list(), []);
  const categories = useApi(() => categoriesApi.list(), []);
  const models = useApi(() => providersApi.allModels(), [], !readOnly);
  const suite = useApi(() => syntheticApi.suite(suiteId!), [suiteId], suiteId !== null);
  const runs = useApi(() => syntheticApi.runs(suiteId!), [suiteId], suiteId !== null);
  const [name, setName] = useState('');
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [useClassifier, setUseClassifier] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const setParam = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  useEffect(() => {
    if (!suiteId && suites.data?.length) setParam({ suite: suites.data[0]._id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suites.data, suiteId]);

  const current = suite.data?._id === suiteId ? suite.data : null;
  const generating = isActive(current?.generation?.status);
  usePolling(async () => {
    await suite.reload();
  }, generating, 1000);
  useEffect(() => {
    if (!generating && current) void suites.reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generating]);
  const runList = runs.data ?? [];
  usePolling(runs.reload, runList.some((r) => isActive(r.status)), 1500);
  const run = pickRun(runList, params.get('run'));
  const tenant = tenantId ?? tenants.data?.find((t) => t.isDefault)?._id ?? tenants.data?.[0]?._id ?? null;
  const tenantOptions = (tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }));
  const categoryKeys = (categories.data ?? []).map((c) => c.key);
  const modelOptions = (models.data ?? []).map((m) => ({ value: modelKey(m.providerId, m.id), label: `${m.providerName} / ${m.id}` }));
  const otherJobs = [
    ...(jobs.data?.runs ?? []).filter((r) => r.testSuiteId !== suiteId && isActive(r.status)).map((r) => ({ suite: r.testSuiteId, text: `Run ${progressPercent(r.progress)}%` })),
    ...(jobs.data?.generations ?? []).filter((g) => g.suiteId !== suiteId).map((g) => ({ suite: g.suiteId, text: `Generating for ${g.suiteName} (${g.done}/${g.total})` })),
  ];

  const create = async () => {
    try {
      const s = await routingApi.createSuite(name.trim());
      setName('');
      await suites.reload();
      setParam({ suite: s._id, run: null, view: 'cases' });
    } catch (err) {
      notifyError(err);
    }
  };
  const removeSuite = async (id: string) => {
    if (!(await confirmAction({ title: 'Delete suite?', message: 'Its test cases and runs are deleted too.' }))) return;
    try {
      await routingApi.deleteSuite(id);
      setParam({ suite: null, run: null });
      await suites.reload();
    } catch (err) {
      notifyError(err);
    }
  };
  const startRun = async () => {
    if (!current || !tenant) return;
    setError(null);
    try {
      const r = await syntheticApi.startRun(current._id, { tenantId: tenant, useClassifier });
      await runs.reload();
      setParam({ run: r._id, view: 'runs' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const changed = (s: SyntheticSuite) => suite.setData(s);
  const reloadCases = async () => {
    await suite.reload();
    await suites.reload();
  };

  return (
    <Grid data-tour="synthetic">
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Paper withBorder p="xs">
          {!readOnly && (
            <Group gap={4} mb="xs" wrap="nowrap">
              <TextInput size="xs" placeholder="New suite name" aria-label="New suite name" value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1, minWidth: 0 }} />
              <Button size="xs" px="xs" style={{ flexShrink: 0 }} disabled={!name.trim()} onClick={() => void create()}>Create</Button>
            </Group>
          )}
          <DataState loading={suites.loading && !suites.data} error={suites.error} onRetry={suites.reload} empty={!suites.data?.length} emptyText="No test suites yet.">
            {(suites.data ?? []).map((s) => (
              <NavLink
                key={s._id}
                active={s._id === suiteId}
                label={s.name}
                description={`${s.testCases?.length ?? 0} tests`}
                onClick={() => setParam({ suite: s._id, run: null })}
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
        {otherJobs.length > 0 && (
          <Alert color="blue" mb="sm" title="Running in the background">
            <Group gap="xs">
              {otherJobs.map((j, i) => <Anchor key={i} size="sm" onClick={() => setParam({ suite: j.suite, run: null })}>{j.text}</Anchor>)}
            </Group>
          </Alert>
        )}
        {!suiteId || (!current && !suite.loading) ? (
          suite.error ? <Alert color="red">{suite.error}</Alert> : <Empty>Create or select a test suite.</Empty>
        ) : !current ? null : (
          <Stack>
            <Group align="flex-end">
              <Select label="Tenant" data={tenantOptions} value={tenant} onChange={setTenantId} w={200} allowDeselect={false} />
              <Switch label="Use real classifier (costs tokens per test)" checked={useClassifier} onChange={(e) => setUseClassifier(e.currentTarget.checked)} />
              <Button disabled={readOnly || !current.testCases?.length || !tenant || generating} onClick={() => void startRun()}>Run Suite</Button>
            </Group>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Tabs value={view} onChange={(v) => setParam({ view: v ?? 'cases' })} keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="cases">Test set</Tabs.Tab>
                <Tabs.Tab value="runs" rightSection={runList.some((r) => isActive(r.status)) ? <Badge size="xs" color="blue">live</Badge> : <Badge size="xs" color="gray">{runList.length}</Badge>}>Runs</Tabs.Tab>
                <Tabs.Tab value="compare">Compare</Tabs.Tab>
                <Tabs.Tab value="benchmark">Rule-set benchmark</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="cases">
                <Stack>
                  <GeneratePanel suite={current} tenantId={tenant} categories={categoryKeys} modelOptions={modelOptions} readOnly={readOnly} onChanged={changed} />
                  <CasesPanel suite={current} categories={categoryKeys} readOnly={readOnly} locked={generating} onChanged={reloadCases} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="runs">
                <Stack>
                  {runList.length === 0 ? (
                    <Text size="sm" c="dimmed">No runs yet.</Text>
                  ) : (
                    <Group gap="xs">
                      {runList.map((r) => (
                        <Button key={r._id} size="xs" variant={r._id === run?._id ? 'filled' : 'default'} onClick={() => setParam({ run: r._id })}>
                          {dateTime(r.createdAt)} · {isActive(r.status) ? `${progressPercent(r.progress)}%` : `${r.summary?.tierMatches ?? 0}/${r.summary?.total ?? 0}`}
                          {r.status !== 'done' && <Badge ml={6} size="xs" color={statusColor(r.status)}>{r.status}</Badge>}
                          {r.evaluation?.score !== undefined && <Badge ml={6} size="xs" color={scoreColor(r.evaluation.score)}>{r.evaluation.score}</Badge>}
                        </Button>
                      ))}
                    </Group>
                  )}
                  {run && <RunView key={run._id} runId={run._id} listedStatus={run.status} modelOptions={modelOptions} readOnly={readOnly} onFinished={() => void runs.reload()} />}
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="compare"><ComparePanel runs={runList} /></Tabs.Panel>
              <Tabs.Panel value="benchmark"><BenchmarkPanel suiteId={current._id} tenantId={tenant} tenants={tenantOptions} prompts={Object.fromEntries((current.testCases ?? []).map((c) => [c._id ?? '', c.prompt]))} /></Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </Grid.Col>
    </Grid>
  );
}
