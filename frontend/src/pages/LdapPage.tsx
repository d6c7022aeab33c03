import { ActionIcon, Alert, Button, Group, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { ldapApi, type LdapConfig } from '../api/ldap';
import { ROLES } from '../api/types';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/useApi';

/** LDAP / Active Directory settings (frontend.md §15). */
export function LdapPage() {
  const cfg = useApi(() => ldapApi.get(), []);
  const [c, setC] = useState<LdapConfig>({ enabled: false });
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    if (cfg.data) setC({ searchFilter: '(uid={{username}})', defaultRole: 'chat-user', groupMapping: [], ...cfg.data });
  }, [cfg.data]);
  const set = (patch: Partial<LdapConfig>) => setC({ ...c, ...patch });
  const mapping = c.groupMapping ?? [];
  const act = async (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    setResult(null);
    try {
      setResult({ ok: true, text: await fn() });
    } catch (err) {
      setResult({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title="LDAP / Active Directory" subtitle="Sign-in with directory accounts; roles from group membership" />
      <DataState loading={cfg.loading} error={cfg.error} onRetry={cfg.reload}>
        <Stack maw={720} gap="sm">
          <Switch label="Enable LDAP Authentication" checked={c.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
          <TextInput label="Server URL" placeholder="ldaps://ldap.example.com:636" value={c.url ?? ''} onChange={(e) => set({ url: e.currentTarget.value })} />
          <TextInput label="Bind DN" placeholder="cn=service,dc=example,dc=com" value={c.bindDn ?? ''} onChange={(e) => set({ bindDn: e.currentTarget.value })} />
          <PasswordInput label="Bind Password" description="Stored encrypted; leave *** to keep the current one" value={c.bindPassword ?? ''} onChange={(e) => set({ bindPassword: e.currentTarget.value })} />
          <TextInput label="Search Base" placeholder="ou=people,dc=example,dc=com" value={c.searchBase ?? ''} onChange={(e) => set({ searchBase: e.currentTarget.value })} />
          <TextInput label="Search Filter" description="Active Directory usually uses (sAMAccountName={{username}})" value={c.searchFilter ?? ''} onChange={(e) => set({ searchFilter: e.currentTarget.value })} />
          <Switch label="Skip TLS Verification" checked={Boolean(c.tlsInsecure)} onChange={(e) => set({ tlsInsecure: e.currentTarget.checked })} />
          <Select label="Default Role for New LDAP Users" data={ROLES.filter((r) => r !== 'admin')} value={c.defaultRole ?? 'chat-user'} onChange={(v) => set({ defaultRole: v ?? 'chat-user' })} allowDeselect={false} />
          <Text fw={500} size="sm">Group → role mapping (first match wins)</Text>
          {mapping.map((m, i) => (
            <Group key={i} grow align="flex-end">
              <TextInput label="Group DN" value={m.groupDn} onChange={(e) => set({ groupMapping: mapping.map((x, j) => (j === i ? { ...x, groupDn: e.currentTarget.value } : x)) })} />
              <Select label="Role" data={[...ROLES]} value={m.role} onChange={(v) => set({ groupMapping: mapping.map((x, j) => (j === i ? { ...x, role: v ?? 'chat-user' } : x)) })} />
              <ActionIcon maw={40} variant="subtle" color="red" aria-label="Remove mapping" onClick={() => set({ groupMapping: mapping.filter((_, j) => j !== i) })}><IconTrash size={16} /></ActionIcon>
            </Group>
          ))}
          <Button variant="subtle" w="fit-content" onClick={() => set({ groupMapping: [...mapping, { groupDn: '', role: 'tenant-viewer' }] })}>Add mapping</Button>
          {result && <Alert color={result.ok ? 'green' : 'red'}>{result.text}</Alert>}
          <Group>
            <Button variant="default" loading={busy === 'test'} onClick={() => void act('test', async () => (await ldapApi.test({ url: c.url, bindDn: c.bindDn, bindPassword: c.bindPassword, tlsInsecure: c.tlsInsecure })).message ?? 'LDAP bind successful')}>Test Connection</Button>
            <Button loading={busy === 'save'} onClick={() => void act('save', async () => { setC(await ldapApi.save(c)); notifications.show({ color: 'green', message: 'LDAP settings saved' }); return 'Saved'; })}>Save</Button>
          </Group>
        </Stack>
      </DataState>
    </>
  );
}
