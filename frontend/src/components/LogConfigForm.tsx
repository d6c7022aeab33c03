import { Alert, Badge, Button, Group, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { systemApi, type LogConfig } from '../api/system';
import { useApi } from '../hooks/useApi';
import { DataState } from './DataState';

/** Log & observability settings (tenants-and-admin.md §10.1); read-only badge for non-admins. */
export function LogConfigForm({ readOnly }: { readOnly: boolean }) {
  const cfg = useApi(() => systemApi.logConfig(), []);
  const [c, setC] = useState<LogConfig | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hours, setHours] = useState(24);
  useEffect(() => {
    if (cfg.data) setC(cfg.data);
  }, [cfg.data]);
  const set = (patch: Partial<LogConfig>) => setC((x) => (x ? { ...x, ...patch } : x));
  const fl = c?.fileLogging ?? { enabled: false, directory: '/var/log/open-model-prism', maxSizeMb: 100, maxFiles: 7, includePrompts: false };
  const save = async () => {
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      setC(await systemApi.saveLogConfig(c));
      notifications.show({ color: 'green', message: 'Log settings saved' });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const shrink = async () => {
    try {
      const r = await systemApi.shrinkLogs(hours);
      notifications.show({ color: 'green', message: `${r.shrunk} log entries shrunk` });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <DataState loading={cfg.loading} error={cfg.error} onRetry={cfg.reload} empty={!c}>
      {c && (
        <Stack gap="sm">
          {readOnly && <Badge color="gray">read-only</Badge>}
          <Select label="Log Level" w={200} disabled={readOnly} data={['debug', 'info', 'warn', 'error']} value={c.logLevel} onChange={(v) => set({ logLevel: (v ?? 'info') as LogConfig['logLevel'] })} allowDeselect={false} />
          <Group>
            <Switch label="Prompt logging" disabled={readOnly} checked={c.promptLogging} onChange={(e) => set({ promptLogging: e.currentTarget.checked })} />
            <Select w={200} aria-label="Prompt log depth" disabled={readOnly || !c.promptLogging} data={[{ value: 'last_user', label: 'Last user message' }, { value: 'full', label: 'Full conversation' }]} value={c.promptLogLevel} onChange={(v) => set({ promptLogLevel: (v ?? 'last_user') as LogConfig['promptLogLevel'] })} allowDeselect={false} />
          </Group>
          <Switch label="Path capture" disabled={readOnly} checked={Boolean(c.pathCapture?.enabled)} onChange={(e) => set({ pathCapture: { enabled: e.currentTarget.checked } })} />
          <Switch label="Routing decision logging" disabled={readOnly} checked={c.routingDecisionLogging !== false} onChange={(e) => set({ routingDecisionLogging: e.currentTarget.checked })} />
          <Switch label="Track unique users by IP (hashed)" disabled={readOnly} checked={c.trackUsersByIp} onChange={(e) => set({ trackUsersByIp: e.currentTarget.checked })} />
          <Group>
            <Switch label="File logging" disabled={readOnly} checked={fl.enabled} onChange={(e) => set({ fileLogging: { ...fl, enabled: e.currentTarget.checked } })} />
            <TextInput aria-label="Log directory" disabled={readOnly || !fl.enabled} value={fl.directory} onChange={(e) => set({ fileLogging: { ...fl, directory: e.currentTarget.value } })} w={260} />
            <NumberInput aria-label="Max file size MB" suffix=" MB" disabled={readOnly || !fl.enabled} value={fl.maxSizeMb} onChange={(v) => set({ fileLogging: { ...fl, maxSizeMb: Number(v) || 100 } })} w={110} />
            <NumberInput aria-label="Max files" suffix=" files" disabled={readOnly || !fl.enabled} value={fl.maxFiles} onChange={(v) => set({ fileLogging: { ...fl, maxFiles: Number(v) || 7 } })} w={110} />
            <Switch label="Include prompts" disabled={readOnly || !fl.enabled} checked={fl.includePrompts} onChange={(e) => set({ fileLogging: { ...fl, includePrompts: e.currentTarget.checked } })} />
          </Group>
          <Group>
            <Switch label="Prompt retention" disabled={readOnly} checked={c.promptRetentionEnabled} onChange={(e) => set({ promptRetentionEnabled: e.currentTarget.checked })} />
            <NumberInput aria-label="Retention hours" suffix=" h" min={1} max={8760} disabled={readOnly || !c.promptRetentionEnabled} value={c.promptRetentionHours} onChange={(v) => set({ promptRetentionHours: Number(v) || 48 })} w={120} />
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          {!readOnly && (
            <Group justify="space-between">
              <Group gap="xs">
                <NumberInput aria-label="Shrink logs older than hours" min={1} value={hours} onChange={(v) => setHours(Number(v) || 24)} suffix=" h" w={100} />
                <Button variant="default" onClick={() => void shrink()}>Shrink logs older than …</Button>
              </Group>
              <Button onClick={() => void save()} loading={busy}>Save log settings</Button>
            </Group>
          )}
        </Stack>
      )}
    </DataState>
  );
}
