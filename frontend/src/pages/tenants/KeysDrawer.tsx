import { ActionIcon, Badge, Button, Code, Divider, Drawer, Group, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { tenantsApi } from '../../api/tenants';
import type { Tenant } from '../../api/types';
import { confirmAction } from '../../components/confirm';
import { CopyField } from '../../components/CopyField';
import { DataState } from '../../components/DataState';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { ago, dateTime } from '../../lib/format';
import { LIFETIMES } from './tenantDefaults';

/** API keys of a tenant: list, enable/disable, revoke, rotate primary, add generated or custom keys. */
export function KeysDrawer({ tenant, writable, onClose, onChanged }: { tenant: Tenant | null; writable: boolean; onClose: () => void; onChanged: () => void }) {
  const keys = useApi(() => tenantsApi.keys(tenant!._id), [tenant?._id], tenant !== null);
  const [shown, setShown] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [lifetime, setLifetime] = useState('0');
  const [custom, setCustom] = useState('');

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void keys.reload();
      onChanged();
    } catch (err) {
      notifyError(err);
    }
  };

  const rotate = async () => {
    if (!tenant || !(await confirmAction({ title: 'Rotate primary key?', message: 'The current primary key stops working immediately.', confirmLabel: 'Rotate' }))) return;
    await act(async () => setShown((await tenantsApi.rotateKey(tenant._id)).apiKey));
  };

  return (
    <Drawer opened={tenant !== null} onClose={() => { setShown(null); onClose(); }} title={`API keys — ${tenant?.name ?? ''}`} position="right" size="xl">
      {shown && (
        <Stack mb="md">
          <CopyField label="New key — shown once, copy it now" value={shown} testId="rotated-key" />
        </Stack>
      )}
      <DataState loading={keys.loading} error={keys.error} onRetry={keys.reload} empty={!keys.data?.keys.length}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Label</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.data?.keys ?? []).map((k) => (
              <Table.Tr key={k._id}>
                <Table.Td>
                  <Code>{k.prefix}…</Code> {k.custom && <Badge size="xs">custom</Badge>}
                </Table.Td>
                <Table.Td>{k.label}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Enable key ${k.prefix}`}
                    checked={k.enabled}
                    disabled={!writable}
                    onChange={(e) => {
                      const enabled = e.currentTarget.checked;
                      void act(() => (k.isLegacy ? tenantsApi.update(tenant!._id, { keyEnabled: enabled }) : tenantsApi.patchKey(tenant!._id, k._id, { enabled })));
                    }}
                  />
                </Table.Td>
                <Table.Td>{k.expiresAt ? dateTime(k.expiresAt) : 'never'}</Table.Td>
                <Table.Td>{ago(k.lastUsedAt)}</Table.Td>
                <Table.Td>
                  {writable && !k.isLegacy && (
                    <Tooltip label="Revoke">
                      <ActionIcon variant="subtle" color="red" aria-label={`Revoke ${k.prefix}`} onClick={() => void confirmAction({ title: 'Revoke key?', message: 'Clients using it get 401 immediately.', confirmLabel: 'Revoke' }).then((ok) => { if (ok) void act(() => tenantsApi.revokeKey(tenant!._id, k._id)); })}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
      {writable && tenant && (
        <Stack mt="md" gap="sm">
          <Button variant="light" color="orange" onClick={() => void rotate()} w="fit-content">
            Rotate primary key
          </Button>
          <Divider label="Add key" labelPosition="left" />
          <Group align="flex-end">
            <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
            <Select label="Lifetime" data={LIFETIMES} value={lifetime} onChange={(v) => setLifetime(v ?? '0')} w={130} allowDeselect={false} />
            <Button onClick={() => void act(async () => { setShown((await tenantsApi.addKey(tenant._id, label, Number(lifetime))).apiKey); setLabel(''); })}>Add key</Button>
          </Group>
          <Group align="flex-end">
            <TextInput label="Custom key value" description="At least 16 characters" value={custom} onChange={(e) => setCustom(e.currentTarget.value)} />
            <Button variant="default" disabled={custom.length < 16} onClick={() => void act(async () => { await tenantsApi.addCustomKey(tenant._id, custom, label, Number(lifetime)); setCustom(''); })}>
              Add custom key
            </Button>
          </Group>
          <Text size="xs" c="dimmed">Generated keys are shown once; only their prefix is kept for display.</Text>
        </Stack>
      )}
    </Drawer>
  );
}
