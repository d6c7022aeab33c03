import { ActionIcon, Badge, Button, Code, Drawer, Group, Modal, Stack, Table, Text, Tooltip, Alert } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconMessage from '@tabler/icons-react/icons/IconMessage';
import IconPlugConnected from '@tabler/icons-react/icons/IconPlugConnected';
import IconRefresh from '@tabler/icons-react/icons/IconRefresh';
import IconStethoscope from '@tabler/icons-react/icons/IconStethoscope';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { providersApi, type CheckResult } from '../../api/providers';
import { tenantsApi } from '../../api/tenants';
import type { Provider } from '../../api/types';
import { StatusBadge } from '../../components/Badges';
import { ConnectionLog } from '../../components/ConnectionLog';
import { confirmAction } from '../../components/confirm';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { ProviderChat } from '../../components/ProviderChat';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { ProviderEditor } from './ProviderEditor';

/** Providers: connections to upstream LLM APIs (frontend.md §6). */
export function ProvidersPage() {
  const { data, loading, error, reload } = useApi(() => providersApi.list(), []);
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [check, setCheck] = useState<{ provider: Provider; result?: CheckResult; error?: string } | null>(null);
  const [trying, setTrying] = useState<Provider | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const withBusy = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    try {
      await fn();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
      void reload();
    }
  };

  const runCheck = async (p: Provider) => {
    setCheck({ provider: p });
    try {
      setCheck({ provider: p, result: await providersApi.check(p._id) });
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as CheckResult | null) : null;
      setCheck({ provider: p, result: body?.log ? body : undefined, error: errorMessage(err) });
    }
    void reload();
  };

  const discover = (p: Provider) =>
    withBusy(`discover-${p._id}`, async () => {
      const id = notifications.show({ loading: true, message: `Discovering models of ${p.name}…`, autoClose: false });
      try {
        const r = await providersApi.discover(p._id);
        notifications.update({ id, loading: false, color: 'green', message: `${r.count} models discovered (${r.enrichedCount} with tier) via ${r.apiPath}`, autoClose: 4000 });
      } catch (err) {
        notifications.hide(id);
        throw err;
      }
    });

  const remove = async (p: Provider) => {
    if (!(await confirmAction({ title: `Delete ${p.name}?`, message: 'Its models disappear from every tenant that uses this provider. This cannot be undone.' }))) return;
    await withBusy(`delete-${p._id}`, async () => {
      const r = await providersApi.remove(p._id);
      notifications.show({ color: 'green', message: `Deleted ${p.name}${r.cascade?.tenantsUpdated ? ` (${r.cascade.tenantsUpdated} tenants updated)` : ''}` });
    });
  };

  /** After save: test → discover → notify; new providers may be added to the default tenant. */
  const afterSave = async (p: Provider, isNew: boolean, urlChanged: boolean) => {
    setEditing(null);
    void reload();
    if (!isNew && !urlChanged) return;
    const id = notifications.show({ loading: true, message: `Testing ${p.name}…`, autoClose: false });
    try {
      await providersApi.test(p._id);
      const r = await providersApi.discover(p._id);
      notifications.update({ id, loading: false, color: 'green', message: `${p.name}: ${r.count} models via ${r.apiPath}`, autoClose: 4000 });
    } catch (err) {
      notifications.update({ id, loading: false, color: 'red', title: `${p.name} is not reachable yet`, message: errorMessage(err), autoClose: 8000 });
    }
    void reload();
    if (isNew)
      modals.openConfirmModal({
        title: 'Add to default tenant?',
        children: <Text size="sm">Make the models of {p.name} available on the default endpoint /api/v1?</Text>,
        labels: { confirm: 'Add', cancel: 'Not now' },
        onConfirm: () => void tenantsApi.addProviderToDefault(p._id).then(() => notifications.show({ color: 'green', message: 'Added to the default tenant' }), notifyError),
      });
  };

  return (
    <>
      <PageHeader title="Providers" subtitle="Connections to upstream LLM APIs">
        <Button onClick={() => setEditing('new')}>Add Provider</Button>
      </PageHeader>
      <DataState loading={loading} error={error} onRetry={reload} empty={!data?.length} emptyText="No providers yet — add one to start routing.">
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover data-testid="provider-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Models</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data ?? []).map((p) => {
                const opts = (p.config.options ?? {}) as Record<string, unknown>;
                const count = p.discoveredModels?.length ?? 0;
                return (
                  <Table.Tr key={p._id}>
                    <Table.Td>
                      <Text fw={500}>{p.name}</Text>
                      <Code>{p.slug}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline">{p.type}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Tooltip label={p.statusMessage || 'OK'} disabled={!p.statusMessage}>
                          <span>
                            <StatusBadge status={p.status} />
                          </span>
                        </Tooltip>
                        {Boolean(opts.skipSSL) && <Badge color="orange" variant="light">skipSSL</Badge>}
                        {Boolean(opts.apiPath) && <Badge color="gray" variant="light">{String(opts.apiPath)}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{count}</Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label="Test Connection">
                          <ActionIcon variant="subtle" loading={busy === `test-${p._id}`} aria-label={`Test ${p.name}`} onClick={() => void withBusy(`test-${p._id}`, async () => { await providersApi.test(p._id); notifications.show({ color: 'green', message: `${p.name}: connection successful` }); })}>
                            <IconPlugConnected size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Check Connection (diagnosis)">
                          <ActionIcon variant="subtle" aria-label={`Check ${p.name}`} onClick={() => void runCheck(p)}>
                            <IconStethoscope size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Discover Models">
                          <ActionIcon variant="subtle" loading={busy === `discover-${p._id}`} aria-label={`Discover ${p.name}`} onClick={() => void discover(p)}>
                            <IconRefresh size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={count ? 'Try Models' : 'Discover models first'}>
                          <ActionIcon variant="subtle" disabled={!count} aria-label={`Try ${p.name}`} onClick={() => setTrying(p)}>
                            <IconMessage size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Edit">
                          <ActionIcon variant="subtle" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                            <IconEdit size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Delete">
                          <ActionIcon variant="subtle" color="red" aria-label={`Delete ${p.name}`} onClick={() => void remove(p)}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </DataState>
      <ProviderEditor provider={editing} onClose={() => setEditing(null)} onSaved={afterSave} />
      <Modal opened={check !== null} onClose={() => setCheck(null)} title={`Connection check — ${check?.provider.name ?? ''}`} size="lg">
        {check && !check.result && !check.error && <Text role="status">Checking…</Text>}
        {check?.result?.log && <ConnectionLog lines={check.result.log} />}
        <Stack mt="sm">
          {check?.error && <Alert color="red">{check.error}</Alert>}
          {check?.result?.success && <Alert color="green">Connection successful</Alert>}
          {check?.result?.suggestUrl && (
            <Alert color="blue">
              HTTPS works: switch the base URL to <Code>{check.result.suggestUrl}</Code> in Edit.
            </Alert>
          )}
        </Stack>
      </Modal>
      <Drawer opened={trying !== null} onClose={() => setTrying(null)} title={`Try models — ${trying?.name ?? ''}`} position="right" size="md">
        {trying && <ProviderChat providerId={trying._id} models={(trying.discoveredModels ?? []).filter((m) => m.visible !== false).map((m) => m.id)} />}
      </Drawer>
    </>
  );
}
