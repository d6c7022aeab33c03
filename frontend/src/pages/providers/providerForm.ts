import type { Provider } from '../../api/types';
import type { ProviderInput } from '../../api/providers';
import { slugify } from '../../lib/format';

export const PROVIDER_TYPES = [
  { value: 'openai', label: 'OpenAI Compatible' },
  { value: 'ollama', label: 'Ollama' },
  { value: 'vllm', label: 'vLLM' },
  { value: 'bedrock', label: 'AWS Bedrock (Native)' },
  { value: 'bedrock-proxy', label: 'AWS Bedrock (via Proxy)' },
  { value: 'azure', label: 'Azure OpenAI (Native)' },
  { value: 'azure-proxy', label: 'Azure OpenAI (via Proxy)' },
  { value: 'openrouter', label: 'OpenRouter' },
  { value: 'anthropic', label: 'Anthropic (Native)' },
  { value: 'custom', label: 'Custom' },
];

export const LOCAL_TYPES = ['ollama', 'vllm', 'custom'];

/** Flat form state of the provider editor. */
export interface ProviderFormState {
  name: string;
  slug: string;
  slugEdited: boolean;
  type: string;
  baseUrl: string;
  apiKey: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  useVpc: boolean;
  vpcEndpointRuntime: string;
  vpcEndpointControl: string;
  deployments: string;
  responsesModels: string;
  apiVersion: string;
  skipSSL: boolean;
  useProxy: boolean;
  httpProxy: string;
}

export const emptyProviderForm = (): ProviderFormState => ({
  name: '',
  slug: '',
  slugEdited: false,
  type: 'openai',
  baseUrl: '',
  apiKey: '',
  region: 'us-east-1',
  accessKeyId: '',
  secretAccessKey: '',
  useVpc: false,
  vpcEndpointRuntime: '',
  vpcEndpointControl: '',
  deployments: '',
  responsesModels: '',
  apiVersion: '2025-04-01-preview',
  skipSSL: false,
  useProxy: false,
  httpProxy: '',
});

/** Gives the slug the form would save: auto-generated from the name unless edited, with aws-/az- prefixes. */
export function autoSlug(name: string, type: string): string {
  const base = slugify(name);
  if (type.startsWith('bedrock') && !base.startsWith('aws-')) return `aws-${base}`;
  if (type.startsWith('azure') && !base.startsWith('az-')) return `az-${base}`;
  return base;
}

const https = (u: string) => (u && !/^https?:\/\//.test(u) ? `https://${u}` : u);
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** Gives the form state for an existing provider. */
export function formFromProvider(p: Provider): ProviderFormState {
  const o = (p.config.options ?? {}) as Record<string, unknown>;
  const auth = p.config.auth ?? {};
  return {
    ...emptyProviderForm(),
    name: p.name,
    slug: p.slug,
    slugEdited: true,
    type: p.type,
    baseUrl: p.config.baseUrl ?? '',
    region: auth.region ?? 'us-east-1',
    useVpc: Boolean(o.vpcEndpointRuntime || o.vpcEndpointControl),
    vpcEndpointRuntime: String(o.vpcEndpointRuntime ?? ''),
    vpcEndpointControl: String(o.vpcEndpointControl ?? ''),
    deployments: ((o.deployments as string[] | undefined) ?? []).join('\n'),
    responsesModels: ((o.responsesModels as string[] | undefined) ?? []).join('\n'),
    apiVersion: String(o.apiVersion ?? '2025-04-01-preview'),
    skipSSL: Boolean(o.skipSSL),
    useProxy: Boolean(o.httpProxy),
    httpProxy: String(o.httpProxy ?? ''),
  };
}

/** Gives the API body for the form (blank secrets are left out so stored values are kept). */
export function providerBody(f: ProviderFormState): ProviderInput {
  const options: Record<string, unknown> = { skipSSL: f.skipSSL };
  if (f.useProxy && f.httpProxy) options.httpProxy = f.httpProxy;
  const auth: Record<string, unknown> = { type: 'api_key' };
  if (f.type === 'bedrock') {
    auth.type = 'aws_credentials';
    auth.region = f.region || 'us-east-1';
    if (f.accessKeyId) auth.accessKeyId = f.accessKeyId;
    if (f.secretAccessKey) auth.secretAccessKey = f.secretAccessKey;
    if (f.useVpc) {
      options.vpcEndpointRuntime = https(f.vpcEndpointRuntime);
      options.vpcEndpointControl = https(f.vpcEndpointControl);
    }
  } else if (f.apiKey) {
    auth.apiKey = f.apiKey;
  } else if (LOCAL_TYPES.includes(f.type)) {
    auth.type = 'none';
  }
  if (f.type === 'azure') {
    options.deployments = lines(f.deployments);
    options.responsesModels = lines(f.responsesModels);
    options.apiVersion = f.apiVersion || '2025-04-01-preview';
  }
  return {
    name: f.name.trim(),
    type: f.type,
    slug: f.slugEdited ? f.slug : autoSlug(f.name, f.type),
    config: { baseUrl: f.baseUrl.trim().replace(/\/+$/, ''), auth, options },
  };
}

/** Gives the first problem with the form, or null when it can be saved. */
export function validateProvider(f: ProviderFormState): string | null {
  if (!f.name.trim()) return 'Enter a provider name.';
  if (f.type === 'azure' && !lines(f.deployments).length) return 'Azure needs at least one Chat Completions deployment.';
  if (!['bedrock', 'azure', 'anthropic'].includes(f.type) && !f.baseUrl.trim()) return 'Enter the base URL.';
  return null;
}
