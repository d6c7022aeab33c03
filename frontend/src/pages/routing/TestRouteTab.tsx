import { Alert, Button, Group, SegmentedControl, Select, Stack, Switch, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { routingApi } from '../../api/routing';
import { tenantsApi } from '../../api/tenants';
import type { TestRouteResult } from '../../api/types';
import { RouteTrace } from '../../components/RouteTrace';
import { useApi } from '../../hooks/useApi';
import { parsePastedRequest } from '../../lib/pastedRequest';

/** Test Route: dry-run a prompt (or a pasted request) and show the step-by-step trace. */
export function TestRouteTab({ readOnly }: { readOnly: boolean }) {
  const tenants = useApi(() => tenantsApi.list(), []);
  const [mode, setMode] = useState<'prompt' | 'paste'>('prompt');
  const [prompt, setPrompt] = useState('');
  const [systemPrompt, setSystemPrompt] = useState('');
  const [pasted, setPasted] = useState('');
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [useClassifier, setUseClassifier] = useState(false);
  const [result, setResult] = useState<TestRouteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tenant = tenantId ?? tenants.data?.find((t) => t.isDefault)?._id ?? tenants.data?.[0]?._id ?? null;

  const run = async () => {
    setError(null);
    let input: { prompt: string; systemPrompt: string; requestedModel?: string } = { prompt, systemPrompt };
    try {
      if (mode === 'paste') input = { ...parsePastedRequest(pasted) };
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    if (!input.prompt.trim()) {
      setError('Enter a prompt to route.');
      return;
    }
    if (!tenant) {
      setError('Pick a tenant — routing settings are per tenant.');
      return;
    }
    setBusy(true);
    try {
      setResult(await routingApi.testRoute({ prompt: input.prompt, systemPrompt: input.systemPrompt || undefined, tenantId: tenant, useClassifier, requestedModel: input.requestedModel }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack data-tour="test-route">
      <SegmentedControl w="fit-content" value={mode} onChange={(v) => setMode(v as 'prompt' | 'paste')} data={[{ value: 'prompt', label: 'Prompt' }, { value: 'paste', label: 'Paste request JSON' }]} />
      {mode === 'prompt' ? (
        <>
          <Textarea label="User prompt" placeholder="e.g. Refactor this function to use async/await…" autosize minRows={3} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} data-testid="test-route-prompt" />
          <Textarea label="System prompt (optional)" autosize minRows={1} value={systemPrompt} onChange={(e) => setSystemPrompt(e.currentTarget.value)} />
        </>
      ) : (
        <Textarea label="Chat completion request" description="Paste the JSON body a client sends to /v1/chat/completions" autosize minRows={6} ff="monospace" value={pasted} onChange={(e) => setPasted(e.currentTarget.value)} />
      )}
      <Group align="flex-end">
        <Select label="Tenant" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={tenant} onChange={setTenantId} w={240} allowDeselect={false} />
        <Switch label="Call real classifier (costs tokens)" checked={useClassifier} onChange={(e) => setUseClassifier(e.currentTarget.checked)} mb={6} />
        <Button onClick={() => void run()} loading={busy} disabled={readOnly}>
          Run
        </Button>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {result && <RouteTrace result={result} />}
    </Stack>
  );
}
