import { api } from './client';
import type { RuleSet, TestRouteResult, TraceStep } from './types';

export interface TestCase {
  _id?: string;
  prompt: string;
  systemPrompt?: string | null;
  expectedCategory?: string;
  expectedTierMin?: string;
  expectedTierMax?: string | null;
  tags?: string[];
}

export interface TestSuite {
  _id: string;
  name: string;
  description?: string;
  category?: string;
  testCases: TestCase[];
  updatedAt?: string;
}

export interface TestRunResult {
  testCaseId?: string;
  prompt: string;
  routedModel?: string;
  routedTier?: string;
  category?: string;
  confidence?: number;
  overrides?: string;
  selectionMethod?: string;
  routingMs?: number;
  tierMatch: boolean;
  categoryMatch: boolean;
  expectedTierMin?: string;
  expectedTierMax?: string;
  expectedCategory?: string;
  reasoning?: string;
  trace?: TraceStep[];
  classifierTier?: string;
  classifierModel?: string;
  afterOverrides?: string;
  afterCostMode?: string;
  finalTier?: string;
  finalModel?: string;
}

export interface TestRun {
  _id: string;
  testSuiteId: string;
  tenantId: string;
  ruleSetName?: string;
  results: TestRunResult[];
  summary: {
    total: number;
    tierMatches: number;
    categoryMatches: number;
    avgConfidence: number;
    avgRoutingMs: number;
    tierDistribution: Record<string, number>;
  };
  evaluation?: { model: string; analysis: string; qualitySuggestions: string[]; costSuggestions: string[]; score: number };
  createdAt: string;
}

export interface TestRouteInput {
  prompt: string;
  systemPrompt?: string;
  tenantId: string;
  useClassifier: boolean;
  requestedModel?: string;
}

export interface BenchmarkResult {
  simulated: number;
  message?: string;
  dataQuality?: 'full' | 'partial';
  current?: { tierDistribution: Record<string, number>; classifierCallRate: number; estimatedCost: number };
  proposed?: { tierDistribution: Record<string, number>; classifierCallRate: number; estimatedCost: number };
  diff?: { tierShifts: number; costDelta: number; classifierBypasses: number; classifierBypassRate: string };
  changes?: Record<string, string | number>[];
}

/** Rule sets, Test Route, benchmark and synthetic tests (`/api/prism/admin/routing`). */
export const routingApi = {
  ruleSets: () => api.get<RuleSet[]>('/admin/routing/rule-sets'),
  createRuleSet: (body: Partial<RuleSet>) => api.post<RuleSet>('/admin/routing/rule-sets', body),
  updateRuleSet: (id: string, body: Partial<RuleSet>) => api.put<RuleSet>(`/admin/routing/rule-sets/${id}`, body),
  deleteRuleSet: (id: string) => api.del<{ deleted: boolean }>(`/admin/routing/rule-sets/${id}`),
  setDefault: (id: string) => api.post<RuleSet>(`/admin/routing/rule-sets/${id}/set-default`),
  seedDefaults: () => api.post<{ created: boolean; ruleSet: RuleSet }>('/admin/routing/rule-sets/seed-defaults'),
  seedPresets: () => api.post<{ created: string[] }>('/admin/routing/rule-sets/seed-presets'),
  testRoute: (body: TestRouteInput) => api.post<TestRouteResult>('/admin/routing/test-route', body),
  benchmark: (body: { ruleSetId: string; days: number; limit: number; tenantId?: string; simulateTenantId?: string }) =>
    api.post<BenchmarkResult>('/admin/routing/benchmark', body),
  suites: () => api.get<TestSuite[]>('/admin/routing/test-suites'),
  createSuite: (name: string) => api.post<TestSuite>('/admin/routing/test-suites', { name, testCases: [] }),
  updateSuite: (id: string, body: Partial<TestSuite>) => api.put<TestSuite>(`/admin/routing/test-suites/${id}`, body),
  deleteSuite: (id: string) => api.del<{ deleted: boolean }>(`/admin/routing/test-suites/${id}`),
  generate: (id: string, body: { tenantId: string; count: number; category?: string; providerId?: string; modelId?: string }) =>
    api.post<{ generated: number; total: number; suite: TestSuite }>(`/admin/routing/test-suites/${id}/generate`, body),
  run: (id: string, tenantId: string, useClassifier: boolean) =>
    api.post<TestRun>(`/admin/routing/test-suites/${id}/run`, { tenantId, useClassifier }),
  runs: (id: string) => api.get<TestRun[]>(`/admin/routing/test-suites/${id}/runs`),
  evaluate: (runId: string, body: { tenantId: string; providerId?: string; modelId?: string }) =>
    api.post<TestRun>(`/admin/routing/test-runs/${runId}/evaluate`, body),
};
