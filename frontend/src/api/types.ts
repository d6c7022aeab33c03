/** JSON shapes of the admin API (spec/admin-api.md and the documents it references). camelCase as on the wire. */

export const TIERS = ['micro', 'minimal', 'low', 'medium', 'advanced', 'high', 'ultra', 'critical'] as const;
export type Tier = (typeof TIERS)[number];

export const ROLES = [
  'admin',
  'maintainer',
  'finops',
  'auditor',
  'tenant-maintainer',
  'tenant-admin',
  'tenant-viewer',
  'chat-user',
] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  id: string;
  username: string;
  role: Role;
  tenants?: string[];
}

export interface LoginResult {
  token: string;
  username: string;
  role: Role;
  refreshToken?: string;
}

export interface DiscoveredModel {
  id: string;
  name?: string;
  capabilities?: string[];
  contextWindow?: number | null;
  maxOutputTokens?: number | null;
  tier?: Tier | null;
  categories?: string[];
  priority?: number;
  notes?: string;
  inputPer1M?: number | null;
  outputPer1M?: number | null;
  visible?: boolean;
  stale?: boolean;
  manualPricing?: boolean;
  manualContext?: boolean;
}

export interface ProviderAuth {
  type?: string;
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  hasCredentials?: boolean;
}

export interface ProviderConfig {
  baseUrl?: string;
  auth?: ProviderAuth;
  options?: Record<string, unknown>;
}

export interface Provider {
  _id: string;
  name: string;
  slug: string;
  type: string;
  config: ProviderConfig;
  status: 'connected' | 'error' | 'unchecked';
  statusMessage?: string | null;
  lastChecked?: string | null;
  discoveredModels?: DiscoveredModel[];
}

export interface FlatModel extends DiscoveredModel {
  providerId: string;
  providerName: string;
  providerSlug: string;
  providerType?: string;
  providerStatus?: string;
  prefixedId: string;
}

export interface RoutingOverrides {
  visionUpgrade: boolean;
  toolCallUpgrade: boolean;
  toolCallMinTier: Tier;
  confidenceFallback: boolean;
  confidenceThreshold: number;
  domainGate: boolean;
  conversationTurnUpgrade: boolean;
  conversationTurnThreshold?: number;
  frustrationUpgrade: boolean;
  outputLengthUpgrade: boolean;
}

export type ForceMode = 'off' | 'fim_only' | 'smart' | 'all';

export interface TenantRouting {
  enabled: boolean;
  classifierModel?: string;
  classifierProvider?: string | null;
  classifierFallbacks?: { model: string; provider: string | null }[];
  defaultModel?: string;
  baselineModel?: string;
  forceAutoRoute?: boolean;
  forceAutoRouteMode?: ForceMode;
  forceRouteOptOutToken?: string;
  sessionFillUpgradeThreshold?: number;
  overrides: RoutingOverrides;
}

export interface ModelConfig {
  mode: 'all' | 'whitelist' | 'blacklist';
  list: string[];
  aliases?: Record<string, string>;
}

export interface BudgetGuard {
  enabled: boolean;
  thresholdPct: number;
  blockTiers: Tier[];
  guardCostMode: 'economy' | 'balanced';
}

export interface Tenant {
  _id: string;
  slug: string;
  name: string;
  apiKeyPrefix?: string;
  providerIds: string[];
  modelConfig: ModelConfig;
  routing: TenantRouting;
  fallbackChains?: { modelPattern: string; providers: string[]; maxRetries?: number }[];
  modelFallbacks?: { type: 'specific' | 'next-tier'; sourcePattern: string; fallbacks: { model: string; providerId: string | null }[] }[];
  pricing?: Record<string, { input: number; output: number }>;
  rateLimit: { requestsPerMinute: number; tokensPerMinute: number };
  budgetLimits: { dailyUsd: number; weeklyUsd: number; monthlyUsd: number };
  budgetGuard: BudgetGuard;
  active: boolean;
  isDefault?: boolean;
  keyEnabled?: boolean;
  keyLifetimeDays?: number;
  keyExpiresAt?: string | null;
  customApiKey?: boolean;
  stripThinking?: boolean;
  printRoutedModel?: boolean;
  defaultSystemPrompt?: string;
  apiKey?: string;
}

export interface TenantKey {
  _id: string;
  prefix: string;
  label: string;
  enabled: boolean;
  custom: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt?: string;
  isLegacy?: boolean;
}

export interface Category {
  _id: string;
  key: string;
  name: string;
  description?: string;
  costTier: Tier;
  examples?: string[];
  defaultModel?: string;
  fallbackModel?: string;
  requiresVision?: boolean;
  targetSystemPrompt?: string;
  isBuiltIn?: boolean;
  order?: number;
}

export interface PresetProfile {
  id: string;
  name: string;
  description: string;
  color: string;
  icon: string;
  categories: string[];
}

export interface KeywordRule {
  _id?: string;
  name: string;
  enabled: boolean;
  keywords: string[];
  match: 'any' | 'all';
  minMatches: number;
  searchIn: 'all' | 'user' | 'system';
  effect: { category?: string; tierMin?: string; tierMax?: string; domain?: string };
}

export interface PromptRole {
  _id?: string;
  name: string;
  enabled: boolean;
  pattern: string;
  effect: { category?: string; tierMin?: string; domain?: string };
}

export interface RuleSet {
  _id: string;
  name: string;
  description?: string;
  isGlobalDefault?: boolean;
  isDefault?: boolean;
  tenantId?: string | null;
  tokenThresholds: { micro: number; minimal: number; low: number; medium: number; alwaysHigh: number };
  signalWeights: Record<string, number>;
  turnUpgrade: { enabled: boolean; threshold: number };
  keywordRules: KeywordRule[];
  systemPromptRoles: PromptRole[];
  classifier: { confidenceThreshold: number; contextLimitTokens: number; contextStrategy: string };
  costMode: 'economy' | 'balanced' | 'quality';
  tierBoost: number;
  updatedAt?: string;
}

export interface TraceStep {
  step: number;
  name: string;
  changed: boolean | null;
  data?: Record<string, unknown>;
  detail?: string;
}

export interface TestRouteResult {
  trace: TraceStep[];
  summary: {
    finalModel?: string;
    finalTier?: string;
    category?: string;
    confidence?: number;
    domain?: string;
    complexity?: string;
    overridesApplied?: string;
    routingMs?: number;
    routingCostUsd?: number;
  };
}

export interface RoutingSignals {
  totalTokens?: number;
  hasImages?: boolean;
  hasToolCalls?: boolean;
  conversationTurns?: number;
  detectedDomains?: string[];
  detectedLanguages?: string[];
  preRouted?: boolean;
  isFimRequest?: boolean;
  isToolAgentRequest?: boolean;
  isToolOutputContinuation?: boolean;
  prevSessionFillPct?: number;
  signalSource?: string;
  forceRouteMode?: string;
  userSelectedModel?: string;
  forceRouteOptOut?: boolean;
  selectionMethod?: string;
  recommendedModel?: string;
  classifierModel?: string;
  tierProgression?: Record<string, string | null | undefined>;
}

export interface RequestLogEntry {
  _id: string;
  timestamp: string;
  tenantId?: { _id: string; slug: string; name: string } | string | null;
  sessionId?: string;
  userName?: string;
  requestedModel?: string;
  routedModel?: string;
  category?: string;
  taskType?: string;
  complexity?: string;
  costTier?: string;
  confidence?: number;
  inputTokens?: number;
  outputTokens?: number;
  actualCostUsd?: number;
  baselineCostUsd?: number;
  savedUsd?: number;
  routingCostUsd?: number;
  isAutoRouted?: boolean;
  routingMs?: number;
  overrideApplied?: string;
  domain?: string;
  language?: string;
  streaming?: boolean;
  status?: 'success' | 'error';
  errorMessage?: string;
  errorType?: string;
  errorCategory?: string | null;
  errorDescription?: string;
  errorFixedIn?: string;
  durationMs?: number;
  contextFallback?: boolean;
  originalModel?: string;
  handledFallback?: boolean;
  fallbackType?: string | null;
  fallbackDetail?: string;
  contextWindowUsed?: number;
  systemPromptHash?: string;
  promptSnapshot?: {
    systemPrompt?: string;
    lastUserMessage?: string;
    messageCount?: number;
    messages?: { role: string; content: string }[];
  };
  capturedPaths?: string[];
  responseSnapshot?: { content?: string; finishReason?: string };
  routingSignals?: RoutingSignals;
  origin?: string;
}

export interface Page<T> {
  requests: T[];
  total: number;
  page: number;
  pages: number;
}

export interface UserRecord {
  _id: string;
  username: string;
  role: Role;
  source?: 'local' | 'ldap';
  tenants?: { _id: string; name: string; slug: string }[];
  active?: boolean;
  lastLogin?: string | null;
}
