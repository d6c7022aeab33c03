import { ActionIcon, Anchor, Badge, Button, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconCode from '@tabler/icons-react/icons/IconCode';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconHeartbeat from '@tabler/icons-react/icons/IconHeartbeat';
import IconKey from '@tabler/icons-react/icons/IconKey';
import IconList from '@tabler/icons-react/icons/IconList';
import IconMessage from '@tabler/icons-react/icons/IconMessage';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import IconCopy from '@tabler/icons-react/icons/IconCopy';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { providersApi } from '../../api/providers';
import { tenantsApi } from '../../api/tenants';
import type { Tenant } from '../../api/types';
import { confirmAction } from '../../components/confirm';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useAuth } from '../../hooks/useAuth';
import { tenantEndpoint } from '../../lib/baseUrl';
import { can } from '../../lib/roles';
import { GenerateConfigModal } from '../../components/GenerateConfigModal';
import { KeyOnceModal } from './KeyOnceModal';
import { KeysDrawer } from './KeysDrawer';
import { TenantEditor } from './TenantEditor';
import { TryDrawer } from './TryDrawer';
import { keyBadges } from './tenantDefaults';

/** Tenants / endpoints (frontend.md §8). Read-only for finops and auditors. `?tenant=<id>[&tab=<editor tab>][&override=<key>]` marks that tenant and opens its editor there. */
export function TenantsPage() {
  const { user } = useAuth();
  const writable = user ? can.writeConfig(user.role) : false;
  const tenants = useApi(() => tenantsApi.list(), []);
  const providers = useApi(() => providersApi.list(), [], writable);
  const [editing, setEditing] = useState<Tenant | 'new' | null>(null);
  const [keysFor, setKeysFor] = useState<Tenant | null>(null);
  const [tryFor, setTryFor] = useState<Tenant | null>(null);
  const [configFor, setConfigFor] = useState<{ tenant: Tenant; apiKey?: string } | null>(null);
  const [newKey, setNewKey] = useState<{ tenant: Tenant; apiKey: string } | null>(null);
  const origin = window.location.origin;
  const providerName = (id: string) => providers.data?.find((p) => p._id === id)?.name ?? id.slice(-6);
  const [params, setParams] = useSearchParams();
  const linkedId = params.get('tenant');
  const linked = tenants.data?.find((t) => t._id === linkedId);
  /** the ?tenant= link already honoured, so a reload does not reopen the editor */
  const openedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!linked || !user || openedFor.current === linked._id) return;
    openedFor.current = linked._id;
    document.querySelector('[data-testid="tenant-table"] tr[aria-current="true"]')?.scrollIntoView({ block: 'center' });
    if (writable) setEditing(linked);
  }, [linked, user, writable]);
  /** Closes the editor; a link's tab and override no longer apply. */
  const closeEditor = () => {
    setEditing(null);
    if (!params.has('tab') && !params.has('override')) return;
    const next = new URLSearchParams(params);
    next.delete('tab');
    next.delete('override');
    setParams(next, { replace: true });
  };
  const linkedTab = editing !== null && editing !== 'new' && editing._id === linkedId ? params.get('tab') : null;

  const remove = async (t: Tenant) => {
    if (!(await confirmAction({ title: `Delete tenant ${t.name}?`, message: 'Its request logs, statistics, quotas and rule sets are deleted too. Clients using its keys stop working immediately.' }))) return;
    try {
      const r = await tenantsApi.remove(t._id);
      notifications.show({ color: 'green', message: `Deleted ${t.name} (${r.cascade?.requestLogs ?? 0} request logs removed)` });
      void tenants.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <>
      <PageHeader title="Tenants" subtitle="Isolated endpoints per team or project">
        {writable && <Button onClick={() => setEditing('new')}>Add Tenant</Button>}
      </PageHeader>
      <DataState loading={tenants.loading} error={tenants.error} onRetry={tenants.reload} empty={!tenants.data?.length} emptyText="No tenants yet.">
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover data-tour="tenant-table" data-testid="tenant-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Slug</Table.Th>
                <Table.Th>API Key</Table.Th>
                <Table.Th>Providers</Table.Th>
                <Table.Th>Models</Table.Th>
                <Table.Th>Routing</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tenants.data ?? []).map((t) => {
                const endpoint = tenantEndpoint(origin, t.slug, t.isDefault);
                const mode = t.modelConfig?.mode ?? 'all';
                return (
                  <Table.Tr key={t._id} aria-current={t === linked ? 'true' : undefined} bg={t === linked ? 'var(--mantine-primary-color-light)' : undefined}>
                    <Table.Td>
                      <Group gap={4}>
                        <Text fw={500}>{t.name}</Text>
                        {t.isDefault && <Badge size="xs">default</Badge>}
                        {t.active === false && <Badge size="xs" color="gray">inactive</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Code>{t.slug}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Code>{t.apiKeyPrefix ? `${t.apiKeyPrefix}…` : '—'}</Code>
                        {keyBadges(t).map((b) => (
                          <Badge key={b} size="xs" color={b === 'custom' ? 'gray' : b === 'expires soon' ? 'yellow' : 'red'}>
                            {b}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2}>
                        {(t.providerIds ?? []).map((id) => (
                          <Badge key={id} variant="outline" size="sm">
                            {providerName(id)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={mode === 'all' ? 'green' : mode === 'whitelist' ? 'blue' : 'red'}>
                        {mode === 'all' ? 'all' : `${mode} · ${t.modelConfig.list.length}`}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2}>
                        <Badge color={t.routing?.enabled ? 'green' : 'gray'} variant="light">
                          {t.routing?.enabled ? 'auto-routing' : 'off'}
                        </Badge>
                        {t.routing?.forceAutoRouteMode && t.routing.forceAutoRouteMode !== 'off' && <Badge variant="outline">force: {t.routing.forceAutoRouteMode}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label={`${endpoint.replace(/\/v1$/, '')}/health`}>
                          <ActionIcon component="a" href={`${endpoint.replace(/\/v1$/, '')}/health`} target="_blank" variant="subtle" aria-label="Health">
                            <IconHeartbeat size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={`${endpoint.replace(/\/v1$/, '')}/models/public`}>
                          <ActionIcon component="a" href={`${endpoint.replace(/\/v1$/, '')}/models/public`} target="_blank" variant="subtle" aria-label="Public models">
                            <IconList size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={`Copy endpoint ${endpoint}`}>
                          <ActionIcon variant="subtle" aria-label={`Copy endpoint of ${t.name}`} onClick={() => void navigator.clipboard?.writeText(endpoint).then(() => notifications.show({ message: 'Endpoint copied' }))}>
                            <IconCopy size={16} />
                          </ActionIcon>
                        </Tooltip>
                        {writable && (
                          <>
                            <Tooltip label="Edit">
                              <ActionIcon variant="subtle" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                                <IconEdit size={16} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label="Try (chat through this tenant)">
                              <ActionIcon variant="subtle" aria-label={`Try ${t.name}`} onClick={() => setTryFor(t)}>
                                <IconMessage size={16} />
                              </ActionIcon>
                            </Tooltip>
                          </>
                        )}
                        <Tooltip label="Generate Config">
                          <ActionIcon variant="subtle" aria-label={`Generate config for ${t.name}`} onClick={() => setConfigFor({ tenant: t })}>
                            <IconCode size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Manage API keys">
                          <ActionIcon variant="subtle" aria-label={`Keys of ${t.name}`} onClick={() => setKeysFor(t)}>
                            <IconKey size={16} />
                          </ActionIcon>
                        </Tooltip>
                        {user?.role === 'admin' && (
                          <Tooltip label={t.isDefault ? 'The default tenant cannot be deleted' : 'Delete'}>
                            <ActionIcon variant="subtle" color="red" disabled={t.isDefault} aria-label={`Delete ${t.name}`} onClick={() => void remove(t)}>
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </DataState>
      {writable && (
        <TenantEditor
          tenant={editing}
          providers={providers.data ?? []}
          initialTab={linkedTab}
          override={linkedTab ? params.get('override') : null}
          onClose={closeEditor}
          onSaved={(t, apiKey) => {
            closeEditor();
            void tenants.reload();
            if (apiKey) setNewKey({ tenant: t, apiKey });
          }}
        />
      )}
      <KeysDrawer tenant={keysFor} writable={writable} onClose={() => setKeysFor(null)} onChanged={() => void tenants.reload()} />
      <TryDrawer tenant={tryFor} onClose={() => setTryFor(null)} />
      <GenerateConfigModal tenant={configFor?.tenant ?? null} apiKey={configFor?.apiKey} onClose={() => setConfigFor(null)} />
      <KeyOnceModal
        value={newKey}
        onClose={() => setNewKey(null)}
        onGenerateConfig={(t, k) => {
          setNewKey(null);
          setConfigFor({ tenant: t, apiKey: k });
        }}
      />
      <Text size="xs" c="dimmed" mt="sm">
        Endpoint: <Anchor size="xs">{tenantEndpoint(origin, 'api', true)}</Anchor> for the default tenant, {origin}/api/&lt;slug&gt;/v1 for the others.
      </Text>
    </>
  );
}
