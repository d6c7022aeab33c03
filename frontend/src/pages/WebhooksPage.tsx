import { ActionIcon, Alert, Badge, Button, Drawer, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconList from '@tabler/icons-react/icons/IconList';
import IconRefresh from '@tabler/icons-react/icons/IconRefresh';
import IconSend from '@tabler/icons-react/icons/IconSend';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { tenantsApi } from '../api/tenants';
import { WEBHOOK_EVENTS, webhooksApi, type Webhook } from '../api/webhooks';
import { confirmAction } from '../components/confirm';
import { CopyField } from '../components/CopyField';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { dateTime } from '../lib/format';
import { can } from '../lib/roles';

/** Outbound webhooks: events, test delivery, secret rotation and delivery logs. */
export function WebhooksPage() {
  const { user } = useAuth();
  const writable = user ? can.writeConfig(user.role) : false;
  const hooks = useApi(() => webhooksApi.list(), []);
  const tenants = useApi(() => tenantsApi.list(), []);
  const [form, setForm] = useState<Partial<Webhook> | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [logsFor, setLogsFor] = useState<Webhook | null>(null);
  const logs = useApi(() => webhooksApi.logs(logsFor!._id), [logsFor?._id], logsFor !== null);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!form?.name || !form.url || !form.events?.length) {
      setError('Name, URL and at least one event are required.');
      return;
    }
    try {
      if (form._id) await webhooksApi.update(form._id, { name: form.name, url: form.url, events: form.events, enabled: form.enabled });
      else {
        const created = await webhooksApi.create(form);
        if (created.secret) setSecret(created.secret);
      }
      setForm(null);
      void hooks.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const act = async (fn: () => Promise<unknown>, msg: string) => {
    try {
      await fn();
      notifications.show({ color: 'green', message: msg });
      void hooks.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <>
      <PageHeader title="Webhooks" subtitle="Budget, quota, error-spike and provider events to your endpoints">
        {writable && <Button onClick={() => { setError(null); setForm({ name: '', url: '', events: [], enabled: true, tenantId: null }); }}>Add Webhook</Button>}
      </PageHeader>
      {secret && (
        <Alert color="yellow" mb="md" withCloseButton onClose={() => setSecret(null)} title="Signing secret — shown once">
          <CopyField value={secret} />
        </Alert>
      )}
      <DataState loading={hooks.loading} error={hooks.error} onRetry={hooks.reload} empty={!hooks.data?.webhooks.length} emptyText="No webhooks yet.">
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>URL</Table.Th><Table.Th>Events</Table.Th><Table.Th>Scope</Table.Th><Table.Th>Enabled</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(hooks.data?.webhooks ?? []).map((w) => (
              <Table.Tr key={w._id}>
                <Table.Td>{w.name}</Table.Td>
                <Table.Td ff="monospace" fz="xs">{w.url}</Table.Td>
                <Table.Td><Group gap={2}>{w.events.map((e) => <Badge key={e} size="xs" variant="light">{e}</Badge>)}</Group></Table.Td>
                <Table.Td>{w.tenantId ? tenants.data?.find((t) => t._id === w.tenantId)?.name ?? 'tenant' : 'global'}</Table.Td>
                <Table.Td>
                  <Switch aria-label={`Enable ${w.name}`} checked={w.enabled} disabled={!writable} onChange={(e) => void act(() => webhooksApi.update(w._id, { enabled: e.currentTarget.checked }), 'Saved')} />
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <Tooltip label="Delivery log"><ActionIcon variant="subtle" aria-label={`Logs of ${w.name}`} onClick={() => setLogsFor(w)}><IconList size={16} /></ActionIcon></Tooltip>
                    {writable && (
                      <>
                        <Tooltip label="Send test event"><ActionIcon variant="subtle" aria-label={`Test ${w.name}`} onClick={() => void act(() => webhooksApi.test(w._id), 'Test event sent')}><IconSend size={16} /></ActionIcon></Tooltip>
                        <Tooltip label="Rotate secret"><ActionIcon variant="subtle" aria-label={`Rotate secret of ${w.name}`} onClick={() => void confirmAction({ title: 'Rotate secret?', message: 'Receivers must be updated with the new secret.', confirmLabel: 'Rotate' }).then(async (ok) => { if (ok) { try { setSecret((await webhooksApi.rotateSecret(w._id)).secret); } catch (err) { notifyError(err); } } })}><IconRefresh size={16} /></ActionIcon></Tooltip>
                        <Tooltip label="Edit"><ActionIcon variant="subtle" aria-label={`Edit ${w.name}`} onClick={() => { setError(null); setForm(w); }}><IconEdit size={16} /></ActionIcon></Tooltip>
                        <Tooltip label="Delete"><ActionIcon variant="subtle" color="red" aria-label={`Delete ${w.name}`} onClick={() => void confirmAction({ title: `Delete ${w.name}?`, message: 'Events stop being delivered.' }).then((ok) => { if (ok) void act(() => webhooksApi.remove(w._id), 'Deleted'); })}><IconTrash size={16} /></ActionIcon></Tooltip>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
      <Modal opened={form !== null} onClose={() => setForm(null)} title={form?._id ? 'Edit Webhook' : 'Add Webhook'}>
        {form && (
          <Stack gap="sm">
            <TextInput label="Name" value={form.name ?? ''} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
            <TextInput label="URL" placeholder="https://hooks.example.com/prism" value={form.url ?? ''} onChange={(e) => setForm({ ...form, url: e.currentTarget.value })} required />
            <MultiSelect label="Events" data={[...WEBHOOK_EVENTS]} value={form.events ?? []} onChange={(v) => setForm({ ...form, events: v })} />
            {!form._id && <Select label="Tenant" description="Empty = global (all tenants)" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={form.tenantId ?? null} onChange={(v) => setForm({ ...form, tenantId: v })} clearable />}
            <Switch label="Enabled" checked={form.enabled !== false} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} />
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={() => setForm(null)}>Cancel</Button><Button onClick={() => void save()}>Save</Button></Group>
          </Stack>
        )}
      </Modal>
      <Drawer opened={logsFor !== null} onClose={() => setLogsFor(null)} title={`Deliveries — ${logsFor?.name ?? ''}`} position="right" size="lg">
        <DataState loading={logs.loading} error={logs.error} onRetry={logs.reload} empty={!logs.data?.logs.length} emptyText="No deliveries yet.">
          <Table fz="sm">
            <Table.Tbody>
              {(logs.data?.logs ?? []).map((l) => (
                <Table.Tr key={l._id}>
                  <Table.Td>{dateTime(l.timestamp)}</Table.Td>
                  <Table.Td>{l.event}</Table.Td>
                  <Table.Td><Badge color={l.success ? 'green' : 'red'}>{l.statusCode ?? 'error'}</Badge></Table.Td>
                  <Table.Td>#{l.attempt}</Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{l.errorMessage ?? `${l.responseTimeMs ?? 0} ms`}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </DataState>
      </Drawer>
    </>
  );
}
