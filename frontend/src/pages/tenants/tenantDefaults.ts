import type { RoutingOverrides, Tenant } from '../../api/types';

export const DEFAULT_OVERRIDES: RoutingOverrides = {
  visionUpgrade: true,
  toolCallUpgrade: true,
  toolCallMinTier: 'medium',
  confidenceFallback: true,
  confidenceThreshold: 0.4,
  domainGate: true,
  conversationTurnUpgrade: false,
  conversationTurnThreshold: 4,
  frustrationUpgrade: true,
  outputLengthUpgrade: true,
};

/** One-line explanations shown beside each override switch (routing.md §7). */
export const OVERRIDE_HELP: { key: keyof RoutingOverrides; label: string; help: string }[] = [
  { key: 'visionUpgrade', label: 'Vision Upgrade', help: 'Requests with images go at least to low/medium tier so a vision-capable model answers.' },
  { key: 'toolCallUpgrade', label: 'Tool Call Upgrade', help: 'Requests with tools get at least the minimum tier — small models tend to print tool-call markup instead of calling tools.' },
  { key: 'confidenceFallback', label: 'Confidence Fallback', help: 'When the classifier is unsure (confidence below the threshold) route at least to medium.' },
  { key: 'domainGate', label: 'Domain Gate', help: 'Legal, medical and finance questions never go below medium tier.' },
  { key: 'conversationTurnUpgrade', label: 'Conversation Turn Upgrade', help: 'Long conversations (after N turns) move one tier up, except for summaries, extraction and translation.' },
  { key: 'frustrationUpgrade', label: 'Frustration Upgrade', help: 'When the user sounds frustrated ("still wrong", "doesn’t work") move one tier up.' },
  { key: 'outputLengthUpgrade', label: 'Output Length Upgrade', help: 'When a long answer is expected use at least low tier.' },
];

export const FORCE_MODES = [
  { value: 'off', label: 'Off', help: 'The caller’s model is used as is; routing only for the auto model.' },
  { value: 'fim_only', label: 'FIM only', help: 'Only autocomplete (fill-in-the-middle) requests are re-routed to a cheap model.' },
  { value: 'smart', label: 'Smart', help: 'Substantial tasks keep the caller’s model; trivial ones (smalltalk, titles, translation) are re-routed.' },
  { value: 'all', label: 'All (strict)', help: 'Every request goes to the router’s pick — never more expensive than the requested model.' },
];

export const LIFETIMES = [
  { value: '0', label: 'Unlimited' },
  { value: '7', label: '7 days' },
  { value: '14', label: '14 days' },
  { value: '30', label: '30 days' },
  { value: '60', label: '60 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

/** Gives a complete tenant object for the create form. */
export function newTenant(): Tenant {
  return {
    _id: '',
    slug: '',
    name: '',
    providerIds: [],
    modelConfig: { mode: 'all', list: [], aliases: {} },
    routing: {
      enabled: true,
      classifierModel: '',
      classifierProvider: null,
      classifierFallbacks: [],
      defaultModel: '',
      baselineModel: '',
      forceAutoRouteMode: 'off',
      forceRouteOptOutToken: '--model-prism-accept-model',
      sessionFillUpgradeThreshold: 0.75,
      overrides: { ...DEFAULT_OVERRIDES },
    },
    fallbackChains: [],
    modelFallbacks: [],
    rateLimit: { requestsPerMinute: 0, tokensPerMinute: 0 },
    budgetLimits: { dailyUsd: 0, weeklyUsd: 0, monthlyUsd: 0 },
    budgetGuard: { enabled: false, thresholdPct: 80, blockTiers: ['high', 'ultra', 'critical'], guardCostMode: 'economy' },
    active: true,
    keyEnabled: true,
    keyLifetimeDays: 0,
    stripThinking: true,
    printRoutedModel: false,
    defaultSystemPrompt: '',
  };
}

/** Gives a tenant with every nested object present, so forms never read undefined. */
export function normaliseTenant(t: Tenant): Tenant {
  const base = newTenant();
  return {
    ...base,
    ...t,
    modelConfig: { ...base.modelConfig, ...t.modelConfig },
    routing: { ...base.routing, ...t.routing, overrides: { ...DEFAULT_OVERRIDES, ...(t.routing?.overrides ?? {}) } },
    rateLimit: { ...base.rateLimit, ...t.rateLimit },
    budgetLimits: { ...base.budgetLimits, ...t.budgetLimits },
    budgetGuard: { ...base.budgetGuard, ...t.budgetGuard },
    fallbackChains: t.fallbackChains ?? [],
    modelFallbacks: t.modelFallbacks ?? [],
  };
}

/** Gives the writable fields sent on save (tenants-and-admin.md §2.5). */
export function tenantPayload(t: Tenant, isNew: boolean): Partial<Tenant> {
  const routing = { ...t.routing, forceAutoRoute: t.routing.forceAutoRouteMode === 'all' };
  const body: Partial<Tenant> = {
    name: t.name,
    providerIds: t.providerIds,
    modelConfig: t.modelConfig,
    routing,
    rateLimit: t.rateLimit,
    budgetLimits: t.budgetLimits,
    budgetGuard: t.budgetGuard,
    active: t.active,
    keyEnabled: t.keyEnabled,
    keyLifetimeDays: t.keyLifetimeDays,
    stripThinking: t.stripThinking,
    printRoutedModel: t.printRoutedModel,
    defaultSystemPrompt: t.defaultSystemPrompt,
    fallbackChains: t.fallbackChains,
    modelFallbacks: t.modelFallbacks,
  };
  if (isNew) body.slug = t.slug;
  return body;
}

/** Gives the key status badges of a tenant: disabled, expired, expires soon (7 days), custom. */
export function keyBadges(t: Pick<Tenant, 'keyEnabled' | 'keyExpiresAt' | 'customApiKey'>, now = Date.now()): string[] {
  const out: string[] = [];
  if (t.keyEnabled === false) out.push('disabled');
  if (t.keyExpiresAt) {
    const left = new Date(t.keyExpiresAt).getTime() - now;
    if (left <= 0) out.push('expired');
    else if (left < 7 * 86400_000) out.push('expires soon');
  }
  if (t.customApiKey) out.push('custom');
  return out;
}
