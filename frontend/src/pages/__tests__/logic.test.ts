import { describe, expect, it } from 'vitest';
import type { FlatModel } from '../../api/types';
import { rangeLabel, rangeQuery } from '../dashboard/range';
import { tierMix } from '../dashboard/panels';
import { groupModels } from '../models/ModelsPage';
import { autoSlug, emptyProviderForm, providerBody, validateProvider } from '../providers/providerForm';
import { buildRequestQuery, type LogFilters } from '../requests/RequestLogPage';
import { agentColor, contextFill } from '../requests/RequestTable';
import { mismatch } from '../routing/RunDetail';
import { scoreColor } from '../routing/SyntheticTab';
import { regexError } from '../routing/PromptRolesTab';
import { duplicateModels } from '../tenants/GeneralTab';
import { keyBadges, newTenant, normaliseTenant, tenantPayload } from '../tenants/tenantDefaults';

const filters: LogFilters = { tenantId: null, category: null, override: null, source: null, status: null, time: 'all', from: '', to: '', sessionId: null, hideAutocomplete: false };

describe('request log query', () => {
  it('maps filters onto the /dashboard/requests parameters', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const q = buildRequestQuery({ ...filters, tenantId: 't1', source: 'auto', time: '6', hideAutocomplete: true, override: 'domain_gate' }, 3, false, now);
    expect(q).toMatchObject({ page: 3, limit: 25, tenantId: 't1', toolAgent: 'true', excludeAutocomplete: 1, override: 'domain_gate', from: '2026-01-01T06:00:00.000Z' });
    expect(q.status).toBeUndefined();
  });
  it('shows only unresolved errors on the failed view and maps unknown errors', () => {
    expect(buildRequestQuery(filters, 1, true)).toMatchObject({ status: 'error', hideResolved: 1 });
    expect(buildRequestQuery({ ...filters, status: 'unknown' }, 1, false)).toMatchObject({ status: 'error', errorCategory: 'unknown' });
  });
  it('computes context fill and stable agent colours', () => {
    expect(contextFill({ inputTokens: 700, outputTokens: 200, contextWindowUsed: 1000 })).toBeCloseTo(0.9);
    expect(contextFill({ inputTokens: 1 })).toBeNull();
    expect(agentColor('abcd1234')).toBe(agentColor('abcd1234'));
    expect(agentColor(undefined)).toBeUndefined();
  });
});

describe('dashboard range', () => {
  it('uses hours, days or from/to', () => {
    expect(rangeQuery('h6', null)).toEqual({ hours: 6 });
    expect(rangeQuery('d30', 't')).toEqual({ days: 30, tenantId: 't' });
    expect(rangeQuery('custom', null, '2026-01-01T00:00', '')).toHaveProperty('from');
    expect(rangeLabel('d7')).toBe('Last 7 days');
  });
  it('sums the tier mix in tier order', () => {
    expect(tierMix([
      { _id: { category: 'a', costTier: 'high' }, requests: 2, actualCost: 0 },
      { _id: { category: 'b', costTier: 'low' }, requests: 3, actualCost: 0 },
      { _id: { category: 'c', costTier: 'high' }, requests: 1, actualCost: 0 },
    ])).toEqual([{ tier: 'low', requests: 3 }, { tier: 'high', requests: 3 }]);
  });
});

describe('model registry grouping', () => {
  const m = (id: string, tier: FlatModel['tier'], priority = 50, categories: string[] = []): FlatModel => ({ id, tier, priority, categories, providerId: 'p', providerName: 'P', providerSlug: 'p', prefixedId: `p/${id}` });
  it('groups by tier in tier order with the highest priority first', () => {
    const g = groupModels([m('a', 'high'), m('b', 'low', 10), m('c', 'low', 90), m('d', null)], 'tier');
    expect(g.map((x) => x.key)).toEqual(['low', 'high', 'unset']);
    expect(g[0].rows.map((r) => r.id)).toEqual(['c', 'b']);
  });
  it('lists a model under each of its categories', () => {
    const g = groupModels([m('a', 'low', 50, ['x', 'y'])], 'category');
    expect(g.map((x) => x.key)).toEqual(['x', 'y']);
  });
});

describe('provider form', () => {
  it('prefixes Bedrock and Azure slugs and keeps secrets out when blank', () => {
    expect(autoSlug('Prod', 'bedrock')).toBe('aws-prod');
    expect(autoSlug('Prod', 'azure')).toBe('az-prod');
    const body = providerBody({ ...emptyProviderForm(), name: 'Local', type: 'ollama', baseUrl: 'http://h:11434/' });
    expect(body.config.baseUrl).toBe('http://h:11434');
    expect(body.config.auth).toEqual({ type: 'none' });
    expect(body.slug).toBe('local');
  });
  it('validates what each type needs', () => {
    expect(validateProvider({ ...emptyProviderForm(), name: '' })).toMatch(/name/);
    expect(validateProvider({ ...emptyProviderForm(), name: 'x', type: 'azure' })).toMatch(/deployment/);
    expect(validateProvider({ ...emptyProviderForm(), name: 'x', type: 'openai' })).toMatch(/base URL/);
    expect(validateProvider({ ...emptyProviderForm(), name: 'x', type: 'bedrock' })).toBeNull();
  });
});

describe('tenant helpers', () => {
  it('badges disabled, expired, soon-expiring and custom keys', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(keyBadges({ keyEnabled: false, keyExpiresAt: '2026-01-01T00:00:00Z', customApiKey: true }, now)).toEqual(['disabled', 'expired', 'custom']);
    expect(keyBadges({ keyEnabled: true, keyExpiresAt: '2026-01-12T00:00:00Z' }, now)).toEqual(['expires soon']);
    expect(keyBadges({ keyEnabled: true, keyExpiresAt: '2026-03-01T00:00:00Z' }, now)).toEqual([]);
  });
  it('sends the whole routing object and the slug only on create', () => {
    const t = { ...newTenant(), slug: 'a', name: 'A' };
    t.routing.forceAutoRouteMode = 'all';
    expect(tenantPayload(t, true)).toMatchObject({ slug: 'a', routing: { forceAutoRoute: true, overrides: { toolCallMinTier: 'medium' } } });
    expect(tenantPayload(t, false)).not.toHaveProperty('slug');
  });
  it('fills missing nested objects of stored tenants', () => {
    const n = normaliseTenant({ _id: '1', slug: 's', name: 'n', routing: { enabled: true } } as never);
    expect(n.routing.overrides.visionUpgrade).toBe(true);
    expect(n.budgetGuard.thresholdPct).toBe(80);
  });
  it('finds models offered by several providers', () => {
    expect(duplicateModels([{ discoveredModels: [{ id: 'a' }, { id: 'b' }] }, { discoveredModels: [{ id: 'b' }] }])).toEqual(['b']);
  });
});

describe('synthetic tests', () => {
  it('labels mismatches and colours scores', () => {
    expect(mismatch({ tierMatch: true, categoryMatch: true })).toBe('OK');
    expect(mismatch({ tierMatch: false, categoryMatch: true })).toBe('Tier');
    expect(mismatch({ tierMatch: true, categoryMatch: false })).toBe('Cat');
    expect(mismatch({ tierMatch: false, categoryMatch: false })).toBe('Both');
    expect([scoreColor(80), scoreColor(50), scoreColor(49)]).toEqual(['green', 'yellow', 'red']);
    expect(regexError('(')).not.toBeNull();
    expect(regexError('you are a (senior )?engineer')).toBeNull();
  });
});

describe('system traffic buckets', () => {
  it('zero-fills the last 60 minutes around the reported ones', async () => {
    const { fillMinutes } = await import('../SystemPage');
    const now = new Date('2026-01-01T12:30:20Z');
    const out = fillMinutes([{ _id: '2026-01-01T12:29', requests: 5, tokens: 9, errors: 1 }], now);
    expect(out).toHaveLength(60);
    expect(out[0]._id).toBe('2026-01-01T11:31');
    expect(out[59]._id).toBe('2026-01-01T12:30');
    expect(out[58]).toMatchObject({ requests: 5 });
    expect(out[57]).toMatchObject({ requests: 0 });
  });
});
