/** Client configuration snippets for Generate Config and IDE Setup (frontend.md §12). */

export const AUTO_MODEL = 'model-prism';

export type ToolId = 'continue' | 'opencode' | 'cursor' | 'claude-code' | 'openwebui' | 'python' | 'node';

export interface SnippetInput {
  tenantName: string;
  /** Gateway origin, e.g. https://prism.example.com */
  origin: string;
  slug: string;
  isDefault?: boolean;
  apiKey?: string;
  models: string[];
  defaultModel?: string;
  /** Cheapest model for autocomplete / small fast tasks, when one is known. */
  cheapModel?: string;
}

export interface ToolInfo {
  id: ToolId;
  label: string;
  location: string;
  docs?: string;
  language: string;
  description: string;
}

export const TOOLS: ToolInfo[] = [
  { id: 'continue', label: 'Continue', location: '~/.continue/config.yaml', docs: 'https://docs.continue.dev/reference', language: 'yaml', description: 'VS Code / JetBrains assistant with chat, edit and autocomplete.' },
  { id: 'opencode', label: 'OpenCode', location: '~/.config/opencode/config.json', docs: 'https://opencode.ai/docs/config/', language: 'json', description: 'Terminal coding agent.' },
  { id: 'cursor', label: 'Cursor', location: 'Settings → Models', docs: 'https://docs.cursor.com/settings/models', language: 'text', description: 'AI editor with an OpenAI base-URL override.' },
  { id: 'claude-code', label: 'Claude Code', location: 'shell env / ~/.claude/settings.json', language: 'bash', description: 'Anthropic CLI agent through the gateway’s Anthropic endpoint.' },
  { id: 'openwebui', label: 'Open WebUI', location: 'docker-compose.yml', docs: 'https://docs.openwebui.com', language: 'yaml', description: 'Self-hosted chat UI.' },
  { id: 'python', label: 'Python SDK', location: 'example.py', language: 'python', description: 'The official openai Python package.' },
  { id: 'node', label: 'Node.js SDK', location: 'example.mjs', language: 'javascript', description: 'The official openai npm package.' },
];

export const KEY_PLACEHOLDER = '<YOUR_API_KEY>';

/** Gives the OpenAI-compatible endpoint of a tenant (`/api/v1` for the default tenant). */
export function endpointFor(input: Pick<SnippetInput, 'origin' | 'slug' | 'isDefault'>): string {
  return input.isDefault || input.slug === 'api' ? `${input.origin}/api/v1` : `${input.origin}/api/${input.slug}/v1`;
}

/** Gives the model list with the auto router first and no duplicates. */
export function withAuto(models: string[]): string[] {
  return [AUTO_MODEL, ...models.filter((m) => m !== AUTO_MODEL)];
}

const q = (s: string) => JSON.stringify(s);

function continueYaml(i: SnippetInput, e: string, k: string): string {
  const lines = [`name: ${q(`Model Prism — ${i.tenantName}`)}`, 'version: 1.0.0', 'schema: v1', 'models:'];
  const entry = (model: string, roles: string[]) => [
    `  - name: ${q(model)}`,
    '    provider: openai',
    `    model: ${q(model)}`,
    '    env:',
    '      useLegacyCompletionsEndpoint: false',
    '    template: none',
    '    requestOptions:',
    '      verifySsl: false',
    '      timeout: 60000',
    `    apiBase: ${q(e)}`,
    `    apiKey: ${q(k)}`,
    `    roles: [${roles.join(', ')}]`,
  ];
  for (const m of withAuto(i.models)) lines.push(...entry(m, ['chat', 'edit', 'apply']));
  const auto = i.cheapModel ?? AUTO_MODEL;
  lines.push(...entry(auto, ['autocomplete']).map((l, n) => (n === 0 ? `  - name: ${q(`${auto} (autocomplete)`)}` : l)));
  lines.push('context:');
  for (const p of ['code', 'docs', 'diff', 'terminal', 'problems', 'folder', 'codebase']) lines.push(`  - provider: ${p}`);
  return `${lines.join('\n')}\n`;
}

function opencodeJson(i: SnippetInput, e: string, k: string, d: string): string {
  const models: Record<string, { name: string }> = {};
  for (const m of withAuto(i.models)) models[m] = { name: m };
  const doc = {
    $schema: 'https://opencode.ai/config.json',
    provider: { 'model-prism': { options: { baseURL: e, apiKey: k }, models } },
    model: `model-prism/${d}`,
    compaction: { auto: true, prune: true },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function claudeCode(i: SnippetInput, k: string, d: string): string {
  const base = i.isDefault || i.slug === 'api' ? `${i.origin}/api` : `${i.origin}/api/${i.slug}`;
  const env: Record<string, string> = { ANTHROPIC_BASE_URL: base, ANTHROPIC_AUTH_TOKEN: k, ANTHROPIC_MODEL: d };
  if (i.cheapModel) env.ANTHROPIC_SMALL_FAST_MODEL = i.cheapModel;
  const exports = Object.entries(env).map(([n, v]) => `export ${n}=${q(v)}`);
  return [
    '# Shell (e.g. ~/.bashrc or ~/.zshrc)',
    ...exports,
    '',
    '# or ~/.claude/settings.json',
    JSON.stringify({ env }, null, 2),
    '',
  ].join('\n');
}

/** Gives the configuration text for one tool. */
export function generateSnippet(tool: ToolId, input: SnippetInput): string {
  const e = endpointFor(input);
  const k = input.apiKey?.trim() || KEY_PLACEHOLDER;
  const d = input.defaultModel || AUTO_MODEL;
  switch (tool) {
    case 'continue':
      return continueYaml(input, e, k);
    case 'opencode':
      return opencodeJson(input, e, k, d);
    case 'cursor':
      return [
        'Cursor → Settings → Models',
        `API Key: ${k}`,
        `Override OpenAI Base URL: ${e}`,
        `Default model: ${d}`,
        `Enable models: ${withAuto(input.models).join(', ')}`,
        '',
      ].join('\n');
    case 'claude-code':
      return claudeCode(input, k, d);
    case 'openwebui':
      return [
        '# docker-compose.yml (service open-webui)',
        'environment:',
        `  - OPENAI_API_KEY=${k}`,
        `  - OPENAI_API_BASE_URL=${e}`,
        '',
        '# or in a shell',
        `export OPENAI_API_KEY=${q(k)}`,
        `export OPENAI_API_BASE_URL=${q(e)}`,
        '',
      ].join('\n');
    case 'python':
      return [
        'from openai import OpenAI',
        '',
        `client = OpenAI(api_key=${q(k)}, base_url=${q(e)})`,
        'response = client.chat.completions.create(',
        `    model=${q(d)},`,
        '    messages=[{"role": "user", "content": "Hello!"}],',
        ')',
        'print(response.choices[0].message.content)',
        '',
      ].join('\n');
    case 'node':
      return [
        'import OpenAI from "openai";',
        '',
        `const client = new OpenAI({ apiKey: ${q(k)}, baseURL: ${q(e)} });`,
        'const response = await client.chat.completions.create({',
        `  model: ${q(d)},`,
        '  messages: [{ role: "user", content: "Hello!" }],',
        '});',
        'console.log(response.choices[0].message.content);',
        '',
      ].join('\n');
  }
}
