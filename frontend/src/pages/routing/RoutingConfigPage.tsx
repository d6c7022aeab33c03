import { Alert, Badge, Button, Grid, Group, NavLink, Paper, Stack, Tabs, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { routingApi } from '../../api/routing';
import type { RuleSet } from '../../api/types';
import { confirmAction } from '../../components/confirm';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useAuth } from '../../hooks/useAuth';
import { can } from '../../lib/roles';
import { BenchmarkTab } from './BenchmarkTab';
import { ClassifierTab } from './ClassifierTab';
import { KeywordRulesTab } from './KeywordRulesTab';
import { LinkedRule } from './LinkedRule';
import { PromptRolesTab } from './PromptRolesTab';
import { SyntheticTab } from './SyntheticTab';
import { TestRouteTab } from './TestRouteTab';
import { ThresholdsTab } from './ThresholdsTab';
import { newRuleSet } from './ruleSetDefaults';

export interface RuleSetTabProps {
  rs: RuleSet;
  set: (patch: Partial<RuleSet>) => void;
  readOnly: boolean;
}

const RULESET_TABS = ['thresholds', 'keywords', 'roles', 'classifier', 'benchmark'];

/** Routing Config: rule sets, Test Route and Synthetic Tests (frontend.md §10). `?ruleSet=<id>` selects a rule set, `&rule=<name>` shows that keyword rule. */
export function RoutingConfigPage() {
  const { user } = useAuth();
  const readOnly = !user || !can.writeConfig(user.role);
  const sets = useApi(() => routingApi.ruleSets(), []);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'thresholds';
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draft, setDraft] = useState<RuleSet | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const linkedSet = params.get('ruleSet');
  const linkedRule = params.get('rule');
  /** the ?ruleSet= value already honoured, so a reload after Save keeps the admin's own selection */
  const appliedLink = useRef<string | null>(null);

  useEffect(() => {
    const list = sets.data ?? [];
    if (!list.length) return;
    const current = list.find((s) => s._id === selectedId) ?? list[0];
    setSelectedId(current._id);
    setDraft(structuredClone(current));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sets.data]);

  useEffect(() => {
    const linked = linkedSet && linkedSet !== appliedLink.current ? sets.data?.find((s) => s._id === linkedSet) : undefined;
    if (!linked) return;
    appliedLink.current = linked._id;
    if (linked._id !== selectedId) select(linked);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkedSet, sets.data]);

  const select = (rs: RuleSet) => {
    setSelectedId(rs._id);
    setDraft(structuredClone(rs));
    setSaveError(null);
  };
  /** Selects a rule set by hand and names it in the URL (a linked rule no longer applies). */
  const pick = (rs: RuleSet, load = true) => {
    if (load) select(rs);
    const next = new URLSearchParams(params);
    next.set('ruleSet', rs._id);
    next.delete('rule');
    setParams(next, { replace: true });
  };
  const dropLinkedRule = () => {
    const next = new URLSearchParams(params);
    next.delete('rule');
    setParams(next, { replace: true });
  };
  const set = (patch: Partial<RuleSet>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = draft._id ? await routingApi.updateRuleSet(draft._id, draft) : await routingApi.createRuleSet(draft);
      setSelectedId(saved._id);
      if (saved._id !== linkedSet) pick(saved, false);
      notifications.show({ color: 'green', message: `Saved ${saved.name}` });
      await sets.reload();
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const run = async (fn: () => Promise<unknown>, message: string) => {
    try {
      await fn();
      notifications.show({ color: 'green', message });
      await sets.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  const remove = async () => {
    if (!draft?._id || !(await confirmAction({ title: `Delete ${draft.name}?`, message: 'Tenants using it fall back to the global default rule set.' }))) return;
    setSelectedId(null);
    await run(() => routingApi.deleteRuleSet(draft._id), 'Rule set deleted');
  };

  const onTab = (value: string | null, drop: string[] = []) => {
    const next = new URLSearchParams(params);
    next.set('tab', value ?? 'thresholds');
    drop.forEach((k) => next.delete(k));
    setParams(next, { replace: true });
  };

  /** The rule a link names, when the rule set it names is the one on screen. */
  const shownRule = linkedRule && draft?._id && draft._id === linkedSet ? linkedRule : undefined;

  return (
    <>
      <PageHeader title="Routing Config" subtitle="Pre-routing rules, classifier settings, cost mode and dry-run tools" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }} display={RULESET_TABS.includes(tab) ? undefined : 'none'}>
          <Paper withBorder p="xs">
            <Text fw={600} size="sm" mb={4}>
              Rule sets
            </Text>
            <DataState loading={sets.loading} error={sets.error} onRetry={sets.reload} empty={!sets.data?.length} emptyText="No rule set yet.">
              {(sets.data ?? []).map((rs) => (
                <NavLink
                  key={rs._id}
                  active={rs._id === selectedId}
                  label={rs.name}
                  onClick={() => pick(rs)}
                  description={
                    (rs.isGlobalDefault || rs.isDefault) && (
                      <Group gap={2} component="span">
                        {rs.isGlobalDefault && <Badge size="xs" component="span">Global Default</Badge>}
                        {rs.isDefault && <Badge size="xs" color="gray" component="span">system</Badge>}
                      </Group>
                    )
                  }
                />
              ))}
            </DataState>
            {!readOnly && (
              <Stack gap={4} mt="xs">
                <Button size="xs" variant="light" onClick={() => void run(() => routingApi.seedDefaults(), 'Default rule set ready')}>
                  Create Default Rule Set
                </Button>
                <Tooltip label="Adds the “Economy First” and “Balanced” presets if missing">
                  <Button size="xs" variant="light" onClick={() => void run(() => routingApi.seedPresets(), 'Presets added')}>
                    Add Presets
                  </Button>
                </Tooltip>
                <Button size="xs" onClick={() => { setSelectedId(null); setDraft(newRuleSet()); onTab('thresholds', ['ruleSet', 'rule']); }}>
                  New Rule Set
                </Button>
              </Stack>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={RULESET_TABS.includes(tab) ? { base: 12, md: 9 } : 12}>
          {draft && RULESET_TABS.includes(tab) && (
            <Paper withBorder p="sm" mb="sm">
              <Group align="flex-end">
                <TextInput label="Name" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} disabled={readOnly} style={{ flex: 1 }} />
                {!readOnly && (
                  <>
                    {draft._id && !draft.isGlobalDefault && (
                      <Button variant="default" onClick={() => void run(() => routingApi.setDefault(draft._id), `${draft.name} is now the global default`)}>
                        Set as Default
                      </Button>
                    )}
                    {draft._id && (
                      <Tooltip label={draft.isDefault ? 'The system rule set cannot be deleted' : 'Delete'}>
                        <Button variant="light" color="red" disabled={draft.isDefault} onClick={() => void remove()}>
                          Delete
                        </Button>
                      </Tooltip>
                    )}
                    <Button onClick={() => void save()} loading={saving}>
                      Save
                    </Button>
                  </>
                )}
              </Group>
              <Textarea label="Description" mt="xs" autosize minRows={1} value={draft.description ?? ''} disabled={readOnly} onChange={(e) => set({ description: e.currentTarget.value })} />
              {saveError && <Alert color="red" mt="xs">{saveError}</Alert>}
            </Paper>
          )}
          <Tabs value={tab} onChange={onTab} keepMounted={false}>
            <Tabs.List data-tour="routing-tabs" mb="sm">
              <Tabs.Tab value="thresholds">Thresholds</Tabs.Tab>
              <Tabs.Tab value="keywords" rightSection={<Badge size="xs">{draft?.keywordRules?.length ?? 0}</Badge>}>
                Keyword Rules
              </Tabs.Tab>
              <Tabs.Tab value="roles" rightSection={<Badge size="xs">{draft?.systemPromptRoles?.length ?? 0}</Badge>}>
                Prompt Roles
              </Tabs.Tab>
              <Tabs.Tab value="classifier">Classifier</Tabs.Tab>
              <Tabs.Tab value="benchmark">Benchmark</Tabs.Tab>
              <Tabs.Tab value="test-route">Test Route</Tabs.Tab>
              <Tabs.Tab value="synthetic" rightSection={<Badge size="xs" color="pink">AI</Badge>}>
                Synthetic Tests
              </Tabs.Tab>
            </Tabs.List>
            {draft ? (
              <>
                <Tabs.Panel value="thresholds"><ThresholdsTab rs={draft} set={set} readOnly={readOnly} /></Tabs.Panel>
                <Tabs.Panel value="keywords">
                  {shownRule && <LinkedRule rs={draft} name={shownRule} readOnly={readOnly} onClose={dropLinkedRule} />}
                  <KeywordRulesTab rs={draft} set={set} readOnly={readOnly} highlight={shownRule} />
                </Tabs.Panel>
                <Tabs.Panel value="roles"><PromptRolesTab rs={draft} set={set} readOnly={readOnly} /></Tabs.Panel>
                <Tabs.Panel value="classifier"><ClassifierTab rs={draft} set={set} readOnly={readOnly} /></Tabs.Panel>
                <Tabs.Panel value="benchmark"><BenchmarkTab rs={draft} /></Tabs.Panel>
              </>
            ) : (
              RULESET_TABS.includes(tab) && !sets.loading && <Text c="dimmed">Create a rule set to edit its rules.</Text>
            )}
            <Tabs.Panel value="test-route"><TestRouteTab readOnly={readOnly} /></Tabs.Panel>
            <Tabs.Panel value="synthetic"><SyntheticTab readOnly={readOnly} /></Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
    </>
  );
}
