import { Alert, Button, Group, Stack, Text, Badge } from '@mantine/core';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { providersApi } from '../../api/providers';
import { setupApi } from '../../api/setup';
import { tenantsApi } from '../../api/tenants';
import type { Provider } from '../../api/types';
import { ConnectionLog } from '../../components/ConnectionLog';
import { ProviderChat } from '../../components/ProviderChat';
import { ProviderFields } from '../providers/ProviderFields';
import { emptyProviderForm, providerBody, validateProvider, type ProviderFormState } from '../providers/providerForm';

async function completeSetup(): Promise<void> {
  try {
    await setupApi.complete();
  } catch (err) {
    if (!(err instanceof ApiError && /already/i.test(err.message))) throw err;
  }
}

/** Step 2: create the first provider, check the connection, discover models, try one. */
export function ProviderStep({ onDone }: { onDone: (p: Provider | null) => void }) {
  const [form, setForm] = useState<ProviderFormState>(() => ({ ...emptyProviderForm(), name: 'OpenAI' }));
  const [provider, setProvider] = useState<Provider | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [suggestUrl, setSuggestUrl] = useState<string | null>(null);
  const [models, setModels] = useState<string[] | null>(null);
  const [phase, setPhase] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const testAndAdd = async () => {
    const invalid = validateProvider(form);
    if (invalid) {
      setError(invalid);
      return;
    }
    setError(null);
    setSuggestUrl(null);
    setModels(null);
    try {
      setPhase('Finishing setup…');
      await completeSetup();
      setPhase('Saving provider…');
      const body = providerBody(form);
      const saved = provider ? await providersApi.update(provider._id, body) : await providersApi.create(body);
      setProvider(saved);
      setPhase('Checking connection…');
      let check;
      try {
        check = await providersApi.check(saved._id);
      } catch (err) {
        const b = err instanceof ApiError ? (err.body as { log?: string[]; suggestUrl?: string }) : undefined;
        setLog(b?.log ?? [`✗ ${errorMessage(err)}`]);
        setSuggestUrl(b?.suggestUrl ?? null);
        setError(`Connection check failed: ${errorMessage(err)}`);
        return;
      }
      setLog(check.log ?? []);
      setSuggestUrl(check.suggestUrl ?? null);
      if (!check.success) {
        setError(check.error ?? 'Connection check failed.');
        return;
      }
      setPhase('Discovering models…');
      const discovered = await providersApi.discover(saved._id);
      setModels(discovered.models.map((m) => m.id));
      setPhase('Adding provider to the default tenant…');
      await tenantsApi.addProviderToDefault(saved._id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPhase(null);
    }
  };

  const skip = async () => {
    setPhase('Finishing setup…');
    try {
      await completeSetup();
      onDone(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPhase(null);
    }
  };

  return (
    <Stack>
      <ProviderFields value={form} onChange={setForm} wizard />
      {log.length > 0 && <ConnectionLog lines={log} />}
      {suggestUrl && (
        <Alert color="blue" title="HTTPS works">
          <Group justify="space-between">
            <Text size="sm">The provider answered on {suggestUrl}.</Text>
            <Button size="xs" onClick={() => setForm({ ...form, baseUrl: suggestUrl })}>
              Switch to HTTPS
            </Button>
          </Group>
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {phase && (
        <Text size="sm" c="dimmed" role="status">
          {phase}
        </Text>
      )}
      {models && provider && (
        <Stack gap="xs">
          <Badge color="green" size="lg" variant="light" data-testid="discovered-count">
            {models.length} models discovered
          </Badge>
          {models.length > 0 && (
            <>
              <Text fw={500}>Test a model</Text>
              <ProviderChat providerId={provider._id} models={models} />
            </>
          )}
        </Stack>
      )}
      <Group justify="space-between">
        <Button variant="subtle" onClick={() => void skip()} disabled={Boolean(phase)}>
          Skip for now
        </Button>
        {models && provider ? (
          <Button onClick={() => onDone(provider)}>Continue</Button>
        ) : (
          <Button onClick={() => void testAndAdd()} loading={Boolean(phase)}>
            Test & Add Provider
          </Button>
        )}
      </Group>
    </Stack>
  );
}
