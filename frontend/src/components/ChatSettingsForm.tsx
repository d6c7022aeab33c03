import { ActionIcon, Alert, Button, Group, MultiSelect, NumberInput, Select, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useState } from 'react';
import { chatApi, type ChatConfig } from '../api/chat';
import { errorMessage } from '../api/client';
import { providersApi } from '../api/providers';
import { useApi } from '../hooks/useApi';
import { dateTime } from '../lib/format';
import { CopyField } from './CopyField';
import { DataState } from './DataState';

/** Built-in chat settings and access tokens (frontend.md §14.3). */
export function ChatSettingsForm({ onSaved }: { onSaved?: (c: ChatConfig) => void }) {
  const cfg = useApi(() => chatApi.config(), []);
  const models = useApi(() => providersApi.allModels(), []);
  const [c, setC] = useState<ChatConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [hours, setHours] = useState(24);
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    if (cfg.data) setC({ rateLimit: { requestsPerMinute: 10, maxTokensPerRequest: 4000 }, ...cfg.data });
  }, [cfg.data]);
  const ids = [...new Set((models.data ?? []).map((m) => m.id))];
  const save = async () => {
    if (!c) return;
    try {
      const saved = await chatApi.saveConfig(c);
      setC(saved);
      onSaved?.(saved);
      notifications.show({ color: 'green', message: 'Chat settings saved' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const createToken = async () => {
    try {
      const t = await chatApi.createToken(label, hours);
      setToken(t.token);
      setLabel('');
      void cfg.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <DataState loading={cfg.loading} error={cfg.error} onRetry={cfg.reload} empty={!c}>
      {c && (
        <Stack gap="sm">
          <Switch label="Enable built-in chat" checked={c.enabled} onChange={(e) => setC({ ...c, enabled: e.currentTarget.checked })} />
          <Select label="Visibility" data={[{ value: 'admin', label: 'Admin only (signed-in users)' }, { value: 'public', label: 'Public (/public/chat)' }, { value: 'token', label: 'Token (public page needs an access token)' }]} value={c.visibility} onChange={(v) => setC({ ...c, visibility: (v ?? 'admin') as ChatConfig['visibility'] })} allowDeselect={false} />
          <Select label="Default model" data={['auto', ...ids]} value={c.defaultModel || 'auto'} onChange={(v) => setC({ ...c, defaultModel: v ?? 'auto' })} searchable allowDeselect={false} />
          <MultiSelect label="Allowed models" description="Empty = all" data={ids} value={c.allowedModels ?? []} onChange={(v) => setC({ ...c, allowedModels: v })} searchable />
          <Textarea label="System prompt" description="Replaces client system messages when set" autosize minRows={2} value={c.systemPrompt ?? ''} onChange={(e) => setC({ ...c, systemPrompt: e.currentTarget.value })} />
          <Group grow>
            <NumberInput label="Rate limit (req/min)" min={1} max={100} value={c.rateLimit?.requestsPerMinute ?? 10} onChange={(v) => setC({ ...c, rateLimit: { ...c.rateLimit!, requestsPerMinute: Number(v) || 10 } })} />
            <NumberInput label="Max tokens / request" min={100} max={32000} value={c.rateLimit?.maxTokensPerRequest ?? 4000} onChange={(v) => setC({ ...c, rateLimit: { ...c.rateLimit!, maxTokensPerRequest: Number(v) || 4000 } })} />
          </Group>
          <Text fw={500} size="sm">Access tokens</Text>
          <Group align="flex-end">
            <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
            <NumberInput label="Valid (hours)" min={1} max={720} value={hours} onChange={(v) => setHours(Number(v) || 24)} w={120} />
            <Button variant="light" onClick={() => void createToken()}>Create token</Button>
          </Group>
          {token && (
            <Stack gap={4}>
              <CopyField label="Token (shown once)" value={token} />
              <CopyField label="Public link" value={`${window.location.origin}/public/chat?token=${token}`} />
            </Stack>
          )}
          {(c.accessTokens ?? []).length > 0 && (
            <Table fz="sm">
              <Table.Tbody>
                {(c.accessTokens ?? []).map((t) => (
                  <Table.Tr key={t.token}>
                    <Table.Td>{t.label || '—'}</Table.Td>
                    <Table.Td ff="monospace">{t.token.slice(0, 8)}…</Table.Td>
                    <Table.Td>expires {dateTime(t.expiresAt)}</Table.Td>
                    <Table.Td>{t.used ? 'used' : 'unused'}</Table.Td>
                    <Table.Td><ActionIcon variant="subtle" color="red" aria-label="Revoke token" onClick={() => void chatApi.revokeToken(t.token).then(() => cfg.reload(), (e) => setError(errorMessage(e)))}><IconTrash size={16} /></ActionIcon></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end"><Button onClick={() => void save()}>Save chat settings</Button></Group>
        </Stack>
      )}
    </DataState>
  );
}
