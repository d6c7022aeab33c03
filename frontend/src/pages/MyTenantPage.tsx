import { Alert, Anchor, Button, Checkbox, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconInfoCircle from '@tabler/icons-react/icons/IconInfoCircle';
import { useEffect, useMemo, useState } from 'react';
import { dashboardApi } from '../api/dashboard';
import { portalApi } from '../api/portal';
import type { ModelConfig, Tenant } from '../api/types';
import { CopyField } from '../components/CopyField';
import { DataState, Empty } from '../components/DataState';
import { GenerateConfigPanel } from '../components/GenerateConfigPanel';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { tenantEndpoint } from '../lib/baseUrl';
import { compact, usd } from '../lib/format';
import { BudgetFields } from './tenants/BudgetTab';
import { FORCE_MODES, OVERRIDE_HELP, normaliseTenant } from './tenants/tenantDefaults';

function ModelAccess({ tenant, canEdit }: { tenant: Tenant; canEdit: boolean }) {
  const models = useApi(() => portalApi.models(tenant._id), [tenant._id]);
  const [mc, setMc] = useState<Pick<ModelConfig, 'mode' | 'list'>>({ mode: tenant.modelConfig?.mode ?? 'all', list: tenant.modelConfig?.list ?? [] });
  const byProvider = useMemo(() => {
    const m = new Map<string, string[]>();
    (models.data ?? []).forEach((x) => m.set(x.providerName, [...(m.get(x.providerName) ?? []), x.id]));
    return [...m];
  }, [models.data]);
  return (
    <Stack>
      <SegmentedControl disabled={!canEdit} value={mc.mode} onChange={(v) => setMc({ ...mc, mode: v as ModelConfig['mode'] })} data={[{ value: 'all', label: 'All' }, { value: 'whitelist', label: 'Whitelist (allow only)' }, { value: 'blacklist', label: 'Blacklist (block selected)' }]} />
      <DataState loading={models.loading} error={models.error} onRetry={models.reload} empty={!byProvider.length} emptyText="No models available for this tenant yet.">
        {mc.mode !== 'all' && byProvider.map(([provider, ids]) => (
          <div key={provider}>
            <Title order={6} mb={4}>{provider}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
              {ids.map((id) => <Checkbox key={id} label={id} disabled={!canEdit} checked={mc.list.includes(id)} onChange={(e) => setMc({ ...mc, list: e.currentTarget.checked ? [...mc.list, id] : mc.list.filter((x) => x !== id) })} />)}
            </SimpleGrid>
          </div>
        ))}
      </DataState>
      {canEdit && <Button w="fit-content" onClick={() => void portalApi.saveModelConfig(tenant._id, mc).then(() => notifications.show({ color: 'green', message: 'Model access saved' }), notifyError)}>Save</Button>}
    </Stack>
  );
}

function Overrides({ tenant }: { tenant: Tenant }) {
  const [t, setT] = useState(normaliseTenant(tenant));
  const r = t.routing;
  return (
    <Stack gap="sm">
      <SegmentedControl value={r.forceAutoRouteMode ?? 'off'} onChange={(v) => setT({ ...t, routing: { ...r, forceAutoRouteMode: v as Tenant['routing']['forceAutoRouteMode'] } })} data={FORCE_MODES.map(({ value, label }) => ({ value, label }))} />
      {OVERRIDE_HELP.map(({ key, label, help }) => (
        <Group key={key} gap="xs">
          <Switch label={label} checked={Boolean(r.overrides[key])} onChange={(e) => setT({ ...t, routing: { ...r, overrides: { ...r.overrides, [key]: e.currentTarget.checked } } })} />
          <Tooltip label={help} multiline w={300}><IconInfoCircle size={16} style={{ opacity: 0.6 }} /></Tooltip>
        </Group>
      ))}
      <Button w="fit-content" onClick={() => void portalApi.saveOverrides(t._id, { overrides: r.overrides, forceAutoRouteMode: r.forceAutoRouteMode }).then(() => notifications.show({ color: 'green', message: 'Overrides saved' }), notifyError)}>Save</Button>
    </Stack>
  );
}

function Budget({ tenant }: { tenant: Tenant }) {
  const [t, setT] = useState(normaliseTenant(tenant));
  return (
    <Stack>
      <BudgetFields t={t} set={(p) => setT({ ...t, ...p })} />
      <Button w="fit-content" onClick={() => void portalApi.saveBudget(t._id, { budgetLimits: t.budgetLimits, budgetGuard: t.budgetGuard }).then(() => notifications.show({ color: 'green', message: 'Budget saved' }), notifyError)}>Save</Button>
    </Stack>
  );
}

function Keys({ tenant }: { tenant: Tenant }) {
  const keys = useApi(() => portalApi.keys(tenant._id), [tenant._id]);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Stack>
      <DataState loading={keys.loading} error={keys.error} onRetry={keys.reload} empty={!keys.data?.keys.length}>
        {(keys.data?.keys ?? []).map((k) => <Text key={k._id} size="sm" ff="monospace">{k.prefix}… {k.label} {k.enabled ? '' : '(disabled)'}</Text>)}
      </DataState>
      {shown && <CopyField label="New key — shown once" value={shown} />}
      <Button w="fit-content" color="orange" variant="light" onClick={() => void portalApi.rotateKey(tenant._id).then((r) => { setShown(r.apiKey); void keys.reload(); }, notifyError)}>Rotate primary key</Button>
    </Stack>
  );
}

function Usage({ tenant }: { tenant: Tenant }) {
  const s = useApi(() => dashboardApi.summary({ tenantId: tenant._id, days: 30 }), [tenant._id]);
  const v = s.data?.summary;
  return (
    <DataState loading={s.loading} error={s.error} onRetry={s.reload} empty={!v}>
      {v && (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Paper withBorder p="sm"><Text size="xs" c="dimmed">Cost (30 d)</Text><Text fw={700}>{usd(v.totalActualCost)}</Text></Paper>
          <Paper withBorder p="sm"><Text size="xs" c="dimmed">Saved</Text><Text fw={700}>{usd(v.totalSaved)}</Text></Paper>
          <Paper withBorder p="sm"><Text size="xs" c="dimmed">Requests</Text><Text fw={700}>{compact(v.totalRequests)}</Text></Paper>
          <Paper withBorder p="sm"><Text size="xs" c="dimmed">Tokens</Text><Text fw={700}>{compact(v.totalInputTokens + v.totalOutputTokens)}</Text></Paper>
        </SimpleGrid>
      )}
    </DataState>
  );
}

/** Tenant self-service portal (frontend.md §17). */
export function MyTenantPage() {
  const { user } = useAuth();
  const mine = useApi(() => portalApi.mine(), []);
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    if (!id && mine.data?.length) setId(mine.data[0]._id);
  }, [mine.data, id]);
  const tenant = mine.data?.find((t) => t._id === id);
  const role = user?.role;
  const maint = role === 'tenant-maintainer' || role === 'admin' || role === 'maintainer';
  const canModels = maint || role === 'tenant-admin';
  const endpoint = tenant ? tenantEndpoint(window.location.origin, tenant.slug, tenant.isDefault) : '';
  return (
    <>
      <PageHeader title="My Tenant">
        {(mine.data?.length ?? 0) > 1 && <Select aria-label="Tenant" data={(mine.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={id} onChange={setId} allowDeselect={false} />}
      </PageHeader>
      <DataState loading={mine.loading} error={mine.error} onRetry={mine.reload} empty={!mine.data?.length} emptyText="You are not assigned to a tenant yet — ask an admin.">
        {tenant ? (
          <Stack>
            <Paper withBorder p="sm">
              <Title order={4}>{tenant.name}</Title>
              <CopyField label="Endpoint" value={endpoint} />
              <Group gap="md" mt={4}>
                <Anchor size="sm" href={`${endpoint.replace(/\/v1$/, '')}/health`} target="_blank">Health</Anchor>
                <Anchor size="sm" href={`${endpoint.replace(/\/v1$/, '')}/models/public`} target="_blank">Public Models</Anchor>
              </Group>
            </Paper>
            <Tabs defaultValue="models" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="models">Model Access</Tabs.Tab>
                <Tabs.Tab value="config">Generate Config</Tabs.Tab>
                {maint && <Tabs.Tab value="keys">Keys</Tabs.Tab>}
                {maint && <Tabs.Tab value="overrides">Routing Overrides</Tabs.Tab>}
                {maint && <Tabs.Tab value="budget">Budget</Tabs.Tab>}
                <Tabs.Tab value="usage">Usage</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="models" pt="md"><ModelAccess tenant={tenant} canEdit={canModels} /></Tabs.Panel>
              <Tabs.Panel value="config" pt="md"><GenerateConfigPanel tenant={tenant} /></Tabs.Panel>
              {maint && <Tabs.Panel value="keys" pt="md"><Keys tenant={tenant} /></Tabs.Panel>}
              {maint && <Tabs.Panel value="overrides" pt="md"><Overrides tenant={tenant} /></Tabs.Panel>}
              {maint && <Tabs.Panel value="budget" pt="md"><Budget tenant={tenant} /></Tabs.Panel>}
              <Tabs.Panel value="usage" pt="md"><Usage tenant={tenant} /></Tabs.Panel>
            </Tabs>
            {!canModels && <Alert color="gray">Read-only: your role can view but not change this tenant.</Alert>}
          </Stack>
        ) : (
          <Empty>Select a tenant.</Empty>
        )}
      </DataState>
    </>
  );
}
