import { Alert, Button, Group, PasswordInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { apiSuffix, stripSuffix } from '../../lib/baseUrl';
import { autoSlug, LOCAL_TYPES, PROVIDER_TYPES, type ProviderFormState } from './providerForm';

interface Props {
  value: ProviderFormState;
  onChange: (v: ProviderFormState) => void;
  /** wizard mode: /v1, /api/v1 and /api count as suffixes; no slug field */
  wizard?: boolean;
  hasStoredCredentials?: boolean;
}

/** Provider form fields shared by the setup wizard and the Providers page. */
export function ProviderFields({ value: f, onChange, wizard, hasStoredCredentials }: Props) {
  const set = (patch: Partial<ProviderFormState>) => onChange({ ...f, ...patch });
  const suffix = f.baseUrl ? apiSuffix(f.baseUrl, wizard) : null;
  const types = wizard ? PROVIDER_TYPES.filter((t) => !t.value.endsWith('-proxy')) : PROVIDER_TYPES;
  return (
    <Stack gap="sm">
      <TextInput
        label="Provider Name"
        placeholder="e.g. OpenAI, Local Ollama"
        value={f.name}
        onChange={(e) => set({ name: e.currentTarget.value, slug: f.slugEdited ? f.slug : autoSlug(e.currentTarget.value, f.type) })}
        required
      />
      {!wizard && (
        <TextInput
          label="Slug"
          description="Used in model IDs, e.g. my-provider/claude-haiku-4-5"
          value={f.slugEdited ? f.slug : autoSlug(f.name, f.type)}
          onChange={(e) => set({ slug: e.currentTarget.value, slugEdited: true })}
        />
      )}
      <Select label="Provider Type" data={types} value={f.type} onChange={(v) => set({ type: v ?? 'openai' })} allowDeselect={false} />
      {f.type !== 'bedrock' && (
        <TextInput
          label={f.type === 'azure' ? 'Azure Endpoint' : 'Base URL'}
          description="Base URL only, without /v1 — the API path is detected automatically"
          placeholder={f.type === 'ollama' ? 'http://localhost:11434' : 'https://api.openai.com'}
          value={f.baseUrl}
          onChange={(e) => set({ baseUrl: e.currentTarget.value })}
        />
      )}
      {suffix && (
        <Alert color="yellow" title="The URL ends in an API path">
          <Group justify="space-between">
            <Text size="sm">
              Remove <code>{suffix}</code> — Model Prism adds the API path itself.
            </Text>
            <Button size="xs" variant="light" onClick={() => set({ baseUrl: stripSuffix(f.baseUrl, wizard) })}>
              Auto-fix
            </Button>
          </Group>
        </Alert>
      )}
      {f.type === 'bedrock' ? (
        <>
          <TextInput label="AWS Region" value={f.region} onChange={(e) => set({ region: e.currentTarget.value })} />
          <TextInput label="Access Key ID" value={f.accessKeyId} placeholder={hasStoredCredentials ? 'credentials stored — leave blank to keep' : ''} onChange={(e) => set({ accessKeyId: e.currentTarget.value })} />
          <PasswordInput label="Secret Access Key" value={f.secretAccessKey} placeholder={hasStoredCredentials ? 'credentials stored — leave blank to keep' : ''} onChange={(e) => set({ secretAccessKey: e.currentTarget.value })} />
          <Switch label="Use custom VPC endpoints" checked={f.useVpc} onChange={(e) => set({ useVpc: e.currentTarget.checked })} />
          {f.useVpc && (
            <>
              <TextInput label="Runtime endpoint (Converse)" value={f.vpcEndpointRuntime} onChange={(e) => set({ vpcEndpointRuntime: e.currentTarget.value })} />
              <TextInput label="Control endpoint (model listing)" value={f.vpcEndpointControl} onChange={(e) => set({ vpcEndpointControl: e.currentTarget.value })} />
            </>
          )}
        </>
      ) : (
        <PasswordInput
          label={f.type === 'azure' ? 'Azure API Key' : 'API Key'}
          description={LOCAL_TYPES.includes(f.type) ? 'Optional for local providers' : hasStoredCredentials ? 'Leave blank to keep the stored key' : undefined}
          value={f.apiKey}
          onChange={(e) => set({ apiKey: e.currentTarget.value })}
        />
      )}
      {f.type === 'azure' && (
        <>
          <Textarea label="Chat Completions Deployments" description="One deployment name per line (required)" autosize minRows={2} value={f.deployments} onChange={(e) => set({ deployments: e.currentTarget.value })} />
          <Textarea label="Responses API Models (optional)" autosize minRows={1} value={f.responsesModels} onChange={(e) => set({ responsesModels: e.currentTarget.value })} />
          <TextInput label="API Version" value={f.apiVersion} onChange={(e) => set({ apiVersion: e.currentTarget.value })} />
        </>
      )}
      <Switch label="Skip SSL verification" checked={f.skipSSL} onChange={(e) => set({ skipSSL: e.currentTarget.checked })} />
      <Switch label="Use HTTP proxy" checked={f.useProxy} onChange={(e) => set({ useProxy: e.currentTarget.checked })} />
      {f.useProxy && <TextInput label="Proxy URL" placeholder="http://proxy:3128" value={f.httpProxy} onChange={(e) => set({ httpProxy: e.currentTarget.value })} />}
    </Stack>
  );
}
