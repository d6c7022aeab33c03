import { describe, expect, it } from 'vitest';
import { apiSuffix, stripSuffix, tenantEndpoint } from '../baseUrl';
import { AUTO_MODEL, endpointFor, generateSnippet, TOOLS } from '../configSnippets';
import { compact, slugify, usd } from '../format';
import { parsePastedRequest } from '../pastedRequest';
import { homeFor, navFor } from '../roles';
import { createSseParser, deltaText } from '../sse';
import { tierColor, tierIndex } from '../tiers';

describe('baseUrl hygiene', () => {
  it('flags /v1-style suffixes and strips them', () => {
    expect(apiSuffix('https://api.openai.com/v1')).toBe('/v1');
    expect(apiSuffix('https://api.openai.com/')).toBeNull();
    expect(apiSuffix('http://host/api', true)).toBe('/api');
    expect(apiSuffix('http://host/api')).toBeNull();
    expect(stripSuffix('http://localhost:11434/api/v1/', true)).toBe('http://localhost:11434');
  });
  it('uses the /api/v1 shorthand for the default tenant', () => {
    expect(tenantEndpoint('https://p.io', 'api', true)).toBe('https://p.io/api/v1');
    expect(tenantEndpoint('https://p.io', 'team-a')).toBe('https://p.io/api/team-a/v1');
  });
});

describe('tiers and formatting', () => {
  it('orders tiers and colours them', () => {
    expect(tierIndex('micro')).toBe(0);
    expect(tierIndex('critical')).toBe(7);
    expect(tierIndex('bogus')).toBe(-1);
    expect(tierColor('medium')).toBe('yellow');
    expect(tierColor(undefined)).toBe('gray');
  });
  it('formats money, counts and slugs', () => {
    expect(usd(0.00123)).toBe('$0.0012');
    expect(usd(12.345)).toBe('$12.35');
    expect(compact(1_234_567)).toBe('1.2M');
    expect(slugify('My OpenAI (prod)!')).toBe('my-openai-prod');
    expect(slugify('!!!')).toBe('provider');
  });
});

describe('SSE parser', () => {
  it('assembles events split across chunks and stops at [DONE]', () => {
    const feed = createSseParser();
    expect(feed('data: {"choices":[{"delta":{"content":"Hel"}}]}\n')).toEqual([]);
    const events = feed('\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: not-json\n\ndata: [DONE]\n\n');
    expect(events.map((e) => (e.done ? 'DONE' : deltaText(e.data)))).toEqual(['Hel', 'lo', 'DONE']);
  });
  it('yields the first delta once its frame completes', () => {
    const feed = createSseParser();
    const first = feed('data: {"choices":[{"delta":{"content":"Hi"}}]}\r\n\r\n');
    expect(deltaText(first[0].data)).toBe('Hi');
    expect(deltaText({ auto_routing: {} })).toBe('');
  });
});

describe('config snippets', () => {
  const input = { tenantName: 'Team A', origin: 'https://p.io', slug: 'team-a', apiKey: 'omp-abc', models: ['gpt-4o-mini'], defaultModel: 'gpt-4o-mini', cheapModel: 'gpt-4o-mini' };
  it('covers all seven tools', () => {
    expect(TOOLS.map((t) => t.id)).toEqual(['continue', 'opencode', 'cursor', 'claude-code', 'openwebui', 'python', 'node']);
    for (const t of TOOLS) expect(generateSnippet(t.id, input)).toContain(t.id === 'claude-code' ? 'https://p.io/api/team-a' : 'https://p.io/api/team-a/v1');
  });
  it('writes a Continue YAML with the auto router first and an autocomplete role', () => {
    const y = generateSnippet('continue', input);
    expect(y.indexOf(`model: "${AUTO_MODEL}"`)).toBeLessThan(y.indexOf('model: "gpt-4o-mini"'));
    expect(y).toContain('roles: [autocomplete]');
    expect(y).toContain('apiKey: "omp-abc"');
    expect(y).toContain('schema: v1');
  });
  it('writes valid OpenCode JSON with the model-prism provider', () => {
    const doc = JSON.parse(generateSnippet('opencode', input));
    expect(doc.model).toBe('model-prism/gpt-4o-mini');
    expect(doc.provider['model-prism'].options.baseURL).toBe('https://p.io/api/team-a/v1');
    expect(Object.keys(doc.provider['model-prism'].models)).toEqual([AUTO_MODEL, 'gpt-4o-mini']);
  });
  it('uses the key placeholder without a key and the shorthand for the default tenant', () => {
    const py = generateSnippet('python', { ...input, apiKey: '', slug: 'api', isDefault: true });
    expect(py).toContain('api_key="<YOUR_API_KEY>"');
    expect(py).toContain('base_url="https://p.io/api/v1"');
    expect(endpointFor({ origin: 'o', slug: 'api' })).toBe('o/api/v1');
    expect(generateSnippet('claude-code', input)).toContain('export ANTHROPIC_AUTH_TOKEN="omp-abc"');
  });
});

describe('pasted requests', () => {
  it('extracts the last user message, system prompt and a concrete model', () => {
    const r = parsePastedRequest(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'second' }] }] }));
    expect(r).toEqual({ prompt: 'second', systemPrompt: 'You are terse.', requestedModel: 'gpt-4o' });
    expect(parsePastedRequest('{"model":"auto","messages":[{"role":"user","content":"q"}]}').requestedModel).toBeUndefined();
  });
  it('explains what is wrong with bad input', () => {
    expect(() => parsePastedRequest('{')).toThrow('not valid JSON');
    expect(() => parsePastedRequest('{"messages":[]}')).toThrow('no "messages"');
    expect(() => parsePastedRequest('{"messages":[{"role":"system","content":"s"}]}')).toThrow('no user message');
  });
});

describe('role visibility', () => {
  const flags = { chat: false, promptAnalyses: false };
  const paths = (r: Parameters<typeof navFor>[0]) => navFor(r, flags).map((i) => i.path);
  it('gives admins everything and maintainers no user management', () => {
    expect(paths('admin')).toEqual(expect.arrayContaining(['/', '/providers', '/users', '/settings', '/requests', '/audit']));
    expect(paths('maintainer')).not.toContain('/users');
    expect(paths('maintainer')).toContain('/providers');
  });
  it('keeps read-only roles away from providers and tenant roles on their own pages', () => {
    expect(paths('finops')).not.toContain('/providers');
    expect(paths('finops')).toContain('/tenants');
    expect(paths('auditor')).toContain('/system');
    expect(paths('tenant-viewer')).toEqual(['/requests', '/my-tenant', '/ide-setup']);
    expect(paths('tenant-admin')).not.toContain('/requests');
    expect(navFor('chat-user', { chat: true, promptAnalyses: true })).toEqual([]);
  });
  it('sends each role to its landing page', () => {
    expect(homeFor('chat-user')).toBe('/chat');
    expect(homeFor('tenant-viewer')).toBe('/my-tenant');
    expect(homeFor('finops')).toBe('/');
  });
  it('shows chat and prompt analyses only when enabled', () => {
    expect(navFor('admin', { chat: true, promptAnalyses: true }).map((i) => i.path)).toEqual(expect.arrayContaining(['/chat', '/prompt-analyzer']));
  });
});

describe('custom theme', async () => {
  const { applyCustomTheme, customThemeVariables, luminance } = await import('../theme');
  it('maps appearance colours to CSS variables and tells light backgrounds apart', () => {
    expect(customThemeVariables({ bodyBg: '#ffffff', primaryColor: '#228be6', unknown: '#000' })).toEqual({
      '--mantine-color-body': '#ffffff',
      '--mantine-primary-color-filled': '#228be6',
      '--mantine-color-anchor': '#228be6',
    });
    expect(luminance('#fff')).toBeCloseTo(1);
    expect(luminance('#141517')).toBeLessThan(0.1);
    expect(luminance('rgba(0,0,0,1)')).toBeNull();
  });
  it('sets and removes the variables on the document', () => {
    const root = document.createElement('div');
    expect(applyCustomTheme({ bodyBg: '#f8f9fa', textColor: '#111111' }, root)).toBe(true);
    expect(root.style.getPropertyValue('--mantine-color-text')).toBe('#111111');
    expect(applyCustomTheme(null, root)).toBe(false);
    expect(root.style.getPropertyValue('--mantine-color-text')).toBe('');
  });
});

describe('JWT claims fallback', async () => {
  const { userFromToken } = await import('../jwt');
  const token = (claims: object) => `h.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.s`;
  it('reads the user from the access token claims', () => {
    expect(userFromToken(token({ sub: 'u1', username: 'audrey', role: 'auditor', exp: 2e9 }), 0)).toEqual({ id: 'u1', username: 'audrey', role: 'auditor', tenants: [] });
  });
  it('refuses expired, incomplete or garbled tokens', () => {
    expect(userFromToken(token({ sub: 'u1', username: 'a', role: 'admin', exp: 10 }), 20_000)).toBeNull();
    expect(userFromToken(token({ sub: 'u1' }))).toBeNull();
    expect(userFromToken('not-a-jwt')).toBeNull();
    expect(userFromToken(null)).toBeNull();
  });
});
