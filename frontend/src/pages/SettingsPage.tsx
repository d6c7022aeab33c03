import { Accordion, Alert, Anchor, Button, ColorInput, FileButton, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { appearanceApi, type Appearance } from '../api/appearance';
import { errorMessage } from '../api/client';
import { promptAnalysesApi } from '../api/promptAnalyses';
import { systemApi } from '../api/system';
import { dashboardApi } from '../api/dashboard';
import { ChatSettingsForm } from '../components/ChatSettingsForm';
import { confirmAction } from '../components/confirm';
import { LogConfigForm } from '../components/LogConfigForm';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';

const COLOR_KEYS = ['primaryColor', 'accentColor', 'bodyBg', 'navBg', 'headerBg', 'cardBg', 'inputBg', 'hoverBg', 'codeBg', 'textColor', 'textDimmed', 'textMuted', 'borderColor', 'successColor', 'warningColor', 'errorColor', 'infoColor', 'navText', 'navActive', 'navHoverBg', 'btnText', 'scrollbar', 'chartGrid', 'tooltipBg'];

function AppearanceForm() {
  const loaded = useApi(() => appearanceApi.get(), []);
  const [a, setA] = useState<Appearance | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setA(loaded.data);
  }, [loaded.data]);
  if (!a) return <Text size="sm" c="dimmed">{loaded.error ?? 'Loading…'}</Text>;
  const upload = async (file: File | null) => {
    if (!file) return;
    if (file.size > 100 * 1024) {
      setError('The logo is too large (max 100 KB).');
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setA({ ...a, logoData: String(reader.result) });
    reader.readAsDataURL(file);
  };
  const save = async () => {
    try {
      setA(await appearanceApi.save(a));
      notifications.show({ color: 'green', message: 'Appearance saved — reload to apply branding everywhere' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Stack gap="sm">
      <Select label="Theme" w={200} data={[{ value: 'dark', label: 'Dark' }, { value: 'light', label: 'Light' }, { value: 'system', label: 'System' }, { value: 'custom', label: 'Custom' }]} value={a.theme} onChange={(v) => setA({ ...a, theme: (v ?? 'dark') as Appearance['theme'] })} allowDeselect={false} />
      {a.theme === 'custom' && (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {COLOR_KEYS.map((k) => (
            <ColorInput key={k} label={k} size="xs" value={a.custom?.[k] ?? ''} onChange={(v) => setA({ ...a, custom: { ...a.custom, [k]: v } })} />
          ))}
        </SimpleGrid>
      )}
      <Group grow>
        <TextInput label="Brand Name" value={a.brandName ?? ''} onChange={(e) => setA({ ...a, brandName: e.currentTarget.value })} />
        <TextInput label="Page Title" description="{brand} is replaced by the brand name" value={a.pageTitle ?? ''} onChange={(e) => setA({ ...a, pageTitle: e.currentTarget.value })} />
      </Group>
      <Group grow align="flex-end">
        <TextInput label="Logo URL" value={a.logoUrl ?? ''} onChange={(e) => setA({ ...a, logoUrl: e.currentTarget.value })} />
        <FileButton onChange={(f) => void upload(f)} accept="image/svg+xml,image/png">
          {(props) => <Button variant="default" {...props}>{a.logoData ? 'Replace uploaded logo' : 'Upload Logo (SVG, ≤ 100 KB)'}</Button>}
        </FileButton>
        <TextInput label="Chat Name" value={a.chatTitle ?? ''} onChange={(e) => setA({ ...a, chatTitle: e.currentTarget.value })} />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end"><Button onClick={() => void save()}>Save appearance</Button></Group>
    </Stack>
  );
}

function PromptAnalysesForm() {
  const s = useApi(() => promptAnalysesApi.settings(), []);
  if (!s.data) return <Text size="sm" c="dimmed">{s.error ?? 'Loading…'}</Text>;
  return (
    <Switch
      label="Enable Prompt Analyses (LLM scoring of logged prompts)"
      checked={Boolean(s.data.enabled)}
      onChange={(e) => {
        const enabled = e.currentTarget.checked;
        void promptAnalysesApi.saveSettings({ ...s.data, enabled }).then(() => s.reload(), notifyError);
      }}
    />
  );
}

function MaintenanceForm() {
  const [hours, setHours] = useState(24);
  const run = async (label: string, fn: () => Promise<unknown>) => {
    const id = notifications.show({ loading: true, message: `${label}…`, autoClose: false });
    try {
      const r = await fn();
      notifications.update({ id, loading: false, color: 'green', message: `${label}: ${JSON.stringify(r)}`, autoClose: 6000 });
    } catch (err) {
      notifications.hide(id);
      notifyError(err);
    }
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <NumberInput label="Flatten / shrink logs older than (hours)" min={1} value={hours} onChange={(v) => setHours(Number(v) || 24)} w={260} />
        <Button variant="default" onClick={() => void run('Shrink logs', () => systemApi.shrinkLogs(hours))}>Shrink</Button>
      </Group>
      <Group>
        <Button variant="default" onClick={() => void run('Recalculate costs', () => dashboardApi.recalcCosts(30))}>Recalculate Costs (30 days)</Button>
        <Button variant="default" onClick={() => void confirmAction({ title: 'Clean up legacy data?', message: 'Removes dangling provider references and orphaned logs, stats, quotas and rule sets.', confirmLabel: 'Clean up' }).then((ok) => { if (ok) void run('Cleanup', () => systemApi.cleanupLegacy()); })}>Cleanup Legacy Data</Button>
      </Group>
    </Stack>
  );
}

function DangerZone() {
  const [password, setPassword] = useState('');
  const [verified, setVerified] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    try {
      await systemApi.verifyPassword(password);
      setVerified(true);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const exportSettings = async () => {
    try {
      const data = await systemApi.exportSettings();
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `model-prism-settings-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const importSettings = async (file: File | null) => {
    if (!file) return;
    try {
      const data = JSON.parse(await file.text()) as Record<string, unknown>;
      const parts = Object.keys(data).filter((k) => !k.startsWith('_'));
      if (!(await confirmAction({ title: 'Import settings?', message: `This overwrites: ${parts.join(', ') || 'settings'}.`, confirmLabel: 'Import' }))) return;
      const r = await systemApi.importSettings(data);
      notifications.show({ color: 'green', message: `Imported ${JSON.stringify(r.imported)}` });
    } catch (err) {
      setError(err instanceof SyntaxError ? 'The file is not valid JSON.' : errorMessage(err));
    }
  };
  return (
    <Stack gap="sm">
      {!verified ? (
        <Group align="flex-end">
          <PasswordInput label="Confirm your password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} w={260} />
          <Button color="red" variant="light" onClick={() => void verify()}>Verify</Button>
        </Group>
      ) : (
        <Group>
          <Button color="red" variant="light" onClick={() => void exportSettings()}>Export Settings</Button>
          <FileButton onChange={(f) => void importSettings(f)} accept="application/json">
            {(props) => <Button color="red" {...props}>Import Settings</Button>}
          </FileButton>
        </Group>
      )}
      {error && <Alert color="red">{error}</Alert>}
    </Stack>
  );
}

/** Admin settings accordion (frontend.md §14). */
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <Accordion variant="separated" multiple defaultValue={['appearance']}>
        <Accordion.Item value="appearance"><Accordion.Control>Appearance</Accordion.Control><Accordion.Panel><AppearanceForm /></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="log"><Accordion.Control>Log & Observability</Accordion.Control><Accordion.Panel><LogConfigForm readOnly={false} /></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="chat"><Accordion.Control>Chat Settings</Accordion.Control><Accordion.Panel><ChatSettingsForm /></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="pa"><Accordion.Control>Prompt Analyses</Accordion.Control><Accordion.Panel><PromptAnalysesForm /></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="ldap"><Accordion.Control>LDAP / Active Directory</Accordion.Control><Accordion.Panel><Anchor component={Link} to="/ldap">Open LDAP settings</Anchor></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="maintenance"><Accordion.Control>Data Maintenance</Accordion.Control><Accordion.Panel><MaintenanceForm /></Accordion.Panel></Accordion.Item>
        <Accordion.Item value="danger"><Accordion.Control c="red">Danger Zone</Accordion.Control><Accordion.Panel><DangerZone /></Accordion.Panel></Accordion.Item>
      </Accordion>
    </>
  );
}
