import { ActionIcon, Alert, Badge, Button, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Switch, Table, TextInput } from '@mantine/core';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { tenantsApi } from '../api/tenants';
import { ROLES, type Role, type UserRecord } from '../api/types';
import { usersApi } from '../api/users';
import { RoleBadge } from '../components/Badges';
import { confirmAction } from '../components/confirm';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { ago } from '../lib/format';
import { ROLE_DESCRIPTIONS, TENANT_ROLES } from '../lib/roles';

interface Form {
  _id?: string;
  username: string;
  password: string;
  role: Role;
  tenants: string[];
  active: boolean;
}

/** Users and roles (frontend.md §16). */
export function UsersPage() {
  const users = useApi(() => usersApi.list(), []);
  const tenants = useApi(() => tenantsApi.list(), []);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = (u?: UserRecord) => {
    setError(null);
    setForm(u ? { _id: u._id, username: u.username, password: '', role: u.role, tenants: (u.tenants ?? []).map((t) => t._id), active: u.active !== false } : { username: '', password: '', role: 'tenant-viewer', tenants: [], active: true });
  };
  const save = async () => {
    if (!form) return;
    if (!form._id && (!form.username.trim() || form.password.length < 8)) {
      setError('Enter a username and a password of at least 8 characters.');
      return;
    }
    if (form._id && form.password && form.password.length < 8) {
      setError('The new password must have at least 8 characters.');
      return;
    }
    setBusy(true);
    try {
      if (form._id) await usersApi.update(form._id, { role: form.role, tenants: form.tenants, active: form.active, ...(form.password ? { password: form.password } : {}) });
      else await usersApi.create({ username: form.username.trim(), password: form.password, role: form.role, tenants: form.tenants });
      setForm(null);
      void users.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (u: UserRecord) => {
    if (!(await confirmAction({ title: `Delete ${u.username}?`, message: 'The user can no longer sign in.' }))) return;
    try {
      await usersApi.remove(u._id);
      void users.reload();
    } catch (err) {
      notifyError(err, 'Could not delete user');
    }
  };

  return (
    <>
      <PageHeader title="Users" subtitle="Accounts of the admin UI and their roles">
        <Button onClick={() => open()}>Add User</Button>
      </PageHeader>
      <DataState loading={users.loading} error={users.error} onRetry={users.reload} empty={!users.data?.length}>
        <Table striped>
          <Table.Thead>
            <Table.Tr><Table.Th>Username</Table.Th><Table.Th>Role</Table.Th><Table.Th>Source</Table.Th><Table.Th>Tenants</Table.Th><Table.Th>Active</Table.Th><Table.Th>Last login</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u._id}>
                <Table.Td>{u.username}</Table.Td>
                <Table.Td><RoleBadge role={u.role} /></Table.Td>
                <Table.Td><Badge variant="outline">{u.source ?? 'local'}</Badge></Table.Td>
                <Table.Td>{(u.tenants ?? []).map((t) => t.name).join(', ') || '—'}</Table.Td>
                <Table.Td>{u.active === false ? <Badge color="gray">inactive</Badge> : <Badge color="green">active</Badge>}</Table.Td>
                <Table.Td>{ago(u.lastLogin)}</Table.Td>
                <Table.Td>
                  <Group gap={2}>
                    <ActionIcon variant="subtle" aria-label={`Edit ${u.username}`} onClick={() => open(u)}><IconEdit size={16} /></ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete ${u.username}`} onClick={() => void remove(u)}><IconTrash size={16} /></ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
      <Modal opened={form !== null} onClose={() => setForm(null)} title={form?._id ? `Edit ${form.username}` : 'Add User'}>
        {form && (
          <Stack gap="sm">
            {!form._id && <TextInput label="Username" value={form.username} onChange={(e) => setForm({ ...form, username: e.currentTarget.value })} required />}
            <PasswordInput label={form._id ? 'New Password' : 'Password'} description={form._id ? 'Leave empty to keep' : 'At least 8 characters'} value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} />
            <Select label="Role" data={ROLES.map((r) => ({ value: r, label: ROLE_DESCRIPTIONS[r] }))} value={form.role} onChange={(v) => setForm({ ...form, role: (v ?? 'tenant-viewer') as Role })} allowDeselect={false} />
            {TENANT_ROLES.includes(form.role) && (
              <MultiSelect label="Tenants" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={form.tenants} onChange={(v) => setForm({ ...form, tenants: v })} searchable />
            )}
            {form._id && <Switch label="Active" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />}
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setForm(null)}>Cancel</Button>
              <Button onClick={() => void save()} loading={busy}>Save</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
