import { Alert, Button, Group, Modal, Tabs } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { tenantsApi } from '../../api/tenants';
import type { Provider, Tenant } from '../../api/types';
import { BudgetTab } from './BudgetTab';
import { GeneralTab } from './GeneralTab';
import { LimitsTab } from './LimitsTab';
import { ModelsTab } from './ModelsTab';
import { ResilienceTab } from './ResilienceTab';
import { RoutingTab } from './RoutingTab';
import { newTenant, normaliseTenant, tenantPayload } from './tenantDefaults';

export interface TabProps {
  t: Tenant;
  set: (patch: Partial<Tenant>) => void;
  providers: Provider[];
  isNew: boolean;
}

export const EDITOR_TABS = ['general', 'models', 'routing', 'resilience', 'limits', 'budget'];

/** Create/Edit tenant modal with six tabs (frontend.md §8); `initialTab` opens another tab than General, `override` marks a routing override. */
export function TenantEditor({
  tenant,
  providers,
  onClose,
  onSaved,
  initialTab,
  override,
}: {
  tenant: Tenant | 'new' | null;
  providers: Provider[];
  onClose: () => void;
  onSaved: (t: Tenant, apiKey?: string) => void;
  initialTab?: string | null;
  override?: string | null;
}) {
  const isNew = tenant === 'new';
  const [t, setT] = useState<Tenant>(newTenant());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<string | null>('general');

  useEffect(() => {
    setError(null);
    setTab(initialTab && EDITOR_TABS.includes(initialTab) ? initialTab : 'general');
    if (tenant && tenant !== 'new') setT(normaliseTenant(tenant));
    else setT(newTenant());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tenant]);

  const set = (patch: Partial<Tenant>) => setT((prev) => ({ ...prev, ...patch }));

  const save = async () => {
    if (!t.name.trim() || (isNew && !t.slug.trim())) {
      setError('Name and slug are required.');
      setTab('general');
      return;
    }
    if (isNew && !/^[a-z0-9-]+$/.test(t.slug)) {
      setError('The slug may only contain lower-case letters, digits and dashes.');
      setTab('general');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (isNew) {
        const created = await tenantsApi.create(tenantPayload(t, true));
        onSaved(created, created.apiKey);
      } else {
        onSaved(await tenantsApi.update(t._id, tenantPayload(t, false)));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const props: TabProps = { t, set, providers, isNew };
  return (
    <Modal opened={tenant !== null} onClose={onClose} title={isNew ? 'Add Tenant' : `Edit ${t.name}`} size="xl">
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="general">General</Tabs.Tab>
          <Tabs.Tab value="models">Models</Tabs.Tab>
          <Tabs.Tab value="routing">Routing</Tabs.Tab>
          <Tabs.Tab value="resilience">Resilience</Tabs.Tab>
          <Tabs.Tab value="limits">Limits & Quotas</Tabs.Tab>
          <Tabs.Tab value="budget">Budget</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="general">
          <GeneralTab {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="models">
          <ModelsTab {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="routing">
          <RoutingTab {...props} override={override} />
        </Tabs.Panel>
        <Tabs.Panel value="resilience">
          <ResilienceTab {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="limits">
          <LimitsTab {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="budget">
          <BudgetTab {...props} />
        </Tabs.Panel>
      </Tabs>
      {error && (
        <Alert color="red" mt="md" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={busy}>
          {isNew ? 'Create Tenant' : 'Save'}
        </Button>
      </Group>
    </Modal>
  );
}
