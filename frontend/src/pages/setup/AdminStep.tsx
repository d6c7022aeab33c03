import { Alert, Button, Divider, FileButton, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { authApi } from '../../api/auth';
import { setupApi } from '../../api/setup';
import { systemApi } from '../../api/system';

/** Creates the admin account (or signs in when it already exists), optionally importing a settings export. */
async function ensureAdmin(username: string, password: string): Promise<void> {
  try {
    await setupApi.createAdmin(username, password);
  } catch (err) {
    if (!(err instanceof ApiError && /already exists/i.test(err.message))) throw err;
  }
  await authApi.login(username, password);
}

/** Step 1: admin account, or import a previous settings export. */
export function AdminStep({ onDone, onImported }: { onDone: () => void; onImported: () => void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setupApi
      .devDefaults()
      .then((d) => {
        if (d.admin?.username) setUsername(d.admin.username);
        if (d.admin?.password) setPassword(d.admin.password);
      })
      .catch(() => {});
  }, []);

  const valid = username.trim().length > 0 && password.length >= 8;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) {
      setError('Enter a username and a password of at least 8 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await ensureAdmin(username.trim(), password);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File | null) => {
    if (!file) return;
    setError(null);
    if (!valid) {
      setError('Fill in the admin username and password first — the import runs as that admin.');
      return;
    }
    setBusy(true);
    try {
      const data = JSON.parse(await file.text()) as { _meta?: { type?: string } };
      if (!data?._meta?.type) throw new Error('This file is not a Model Prism settings export (missing _meta.type).');
      await ensureAdmin(username.trim(), password);
      await setupApi.complete();
      await systemApi.importSettings(data);
      onImported();
    } catch (err) {
      setError(err instanceof SyntaxError ? 'The file is not valid JSON.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Create admin">
      <Stack>
        <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
        <PasswordInput
          label="Password"
          description="At least 8 characters"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={password && password.length < 8 ? 'Too short' : undefined}
          required
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy}>
          Create Admin
        </Button>
        <Divider label="or" labelPosition="center" />
        <FileButton onChange={(f) => void importFile(f)} accept="application/json">
          {(props) => (
            <Button variant="default" {...props} disabled={busy}>
              Import from existing settings.json
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          The import restores providers, tenants, categories and routing from a previous export and finishes setup.
        </Text>
      </Stack>
    </form>
  );
}
