import { api, request } from './client';
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
  summary: SyntheticSummary;
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
};

export type JobStatus = 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** A background generation of test cases (one LLM call per category). */
export interface GenerationJob {
  status: JobStatus;
  done: number;
  total: number;
  generated: number;
  rejected: number;
  failures: { category: string; error: string }[];
  current?: string | null;
  categories?: string[];
  languages?: string[];
  countPerCategory?: number;
  provider?: string;
  model?: string;
  error?: string | null;
  startedAt?: string;
  finishedAt?: string | null;
}

export interface SyntheticSuite extends TestSuite {
  generation: GenerationJob | null;
}

export type FindingTarget =
  | { kind: 'rule'; ruleSetId: string; rule: string }
  | { kind: 'category'; categoryId: string; category: string }
  | { kind: 'override'; tenantId: string; override: string };

/** One structured evaluator finding, always pointing at something the admin can change. */
export interface Finding {
  type: 'misrouted' | 'category_rules' | 'cost_saving' | 'quality_risk';
  text: string;
  case?: number;
  testCaseId?: string;
  suggestedCategory?: string | null;
  suggestedTier?: string | null;
  target: FindingTarget;
}

export interface EvaluationJob {
  status: JobStatus;
  model?: string;
  provider?: string;
  error?: string | null;
  problems?: string[];
}

export interface SyntheticResult extends TestRunResult {
  error?: string;
  estimatedCostUsd?: number;
  baselineCostUsd?: number;
  classifierNeeded?: boolean;
  tags?: string[];
}

export interface SyntheticSummary {
  total: number;
  tierMatches: number;
  categoryMatches: number;
  avgConfidence: number;
  avgRoutingMs: number;
  tierDistribution: Record<string, number>;
  classifierNeeded?: number;
  errors?: number;
  estimatedCostUsd?: number;
  baselineCostUsd?: number;
  savingsPct?: number | null;
}

/** A synthetic test run: live progress while running, partial results, summary and evaluation. */
export interface SyntheticRun {
  _id: string;
  testSuiteId: string;
  tenantId: string;
  ruleSetName?: string | null;
  status: JobStatus;
  progress: { total: number; done: number; startedAt?: string; finishedAt?: string | null; useClassifier?: boolean; label?: string; error?: string };
  results?: SyntheticResult[];
  summary: Partial<SyntheticSummary>;
  evaluation?: {
    model?: string;
    score?: number;
    analysis?: string;
    findings?: Finding[];
    qualitySuggestions?: string[];
    costSuggestions?: string[];
    job?: EvaluationJob;
  } | null;
  createdAt: string;
}

export interface CompareCell {
  category?: string | null;
  tier?: string | null;
  model?: string | null;
  confidence?: number | null;
  ok: boolean;
}

export interface CompareResult {
  runs: { _id: string; createdAt: string; ruleSetName?: string | null; status: JobStatus; summary: Partial<SyntheticSummary> }[];
  deltas: Record<string, number | null>;
  cases: { testCaseId: string; prompt: string; expectedCategory?: string | null; changed: boolean; cells: (CompareCell | null)[] }[];
  changedCases: number;
}

export interface SuiteBenchmarkResult {
  source: 'suite';
  replayed: number;
  modelChanges: number;
  categoryChanges: number;
  tierChanges: number;
  costCurrentUsd: number;
  costCandidateUsd: number;
  costDeltaUsd: number;
  ruleSetName?: string;
  changes: { requestId: string; current: Record<string, string | null>; candidate: Record<string, string | null>; costDeltaUsd: number }[];
}

export type SyntheticBenchmarkResult = SuiteBenchmarkResult | (BenchmarkResult & { source: 'logs' });

export interface ModelRef {
  tenantId?: string | null;
  providerId?: string;
  modelId?: string;
}

export interface ActiveJobs {
  runs: SyntheticRun[];
  generations: (GenerationJob & { suiteId: string; suiteName: string })[];
  evaluations: (EvaluationJob & { runId: string; suiteId: string })[];
}

/** Synthetic Tests AI: background generation, live runs, evaluation, comparison, benchmark (`/admin/synthetic`). */
export const syntheticApi = {
  jobs: () => api.get<ActiveJobs>('/admin/synthetic/jobs'),
  suite: (id: string) => api.get<SyntheticSuite>(`/admin/synthetic/suites/${id}`),
  generate: (id: string, body: ModelRef & { categories: string[]; countPerCategory: number; languages: string[] }) =>
    api.post<SyntheticSuite>(`/admin/synthetic/suites/${id}/generate`, body),
  cancelGeneration: (id: string) => api.post<SyntheticSuite>(`/admin/synthetic/suites/${id}/generate/cancel`),
  addCases: (id: string, body: { testCases?: TestCase[]; jsonl?: string }) =>
    api.post<{ added: number; total: number; suite: SyntheticSuite }>(`/admin/synthetic/suites/${id}/cases`, body),
  exportJsonl: (id: string) => request<Response>(`/admin/synthetic/suites/${id}/export`, { raw: true }),
  startRun: (id: string, body: { tenantId: string; useClassifier: boolean; label?: string }) =>
    api.post<SyntheticRun>(`/admin/synthetic/suites/${id}/runs`, body),
  runs: (suiteId: string) => api.get<SyntheticRun[]>('/admin/synthetic/runs', { suiteId }),
  run: (id: string) => api.get<SyntheticRun>(`/admin/synthetic/runs/${id}`),
  deleteRun: (id: string) => api.del<{ deleted: boolean }>(`/admin/synthetic/runs/${id}`),
  cancelRun: (id: string) => api.post<SyntheticRun>(`/admin/synthetic/runs/${id}/cancel`),
  evaluate: (id: string, body: ModelRef) => api.post<SyntheticRun>(`/admin/synthetic/runs/${id}/evaluate`, body),
  compare: (runIds: string[]) => api.get<CompareResult>('/admin/synthetic/compare', { runIds: runIds.join(',') }),
  benchmark: (body: { source: 'suite' | 'logs'; ruleSetId?: string; suiteId?: string; tenantId?: string; simulateTenantId?: string; days?: number; limit?: number }) =>
    api.post<SyntheticBenchmarkResult>('/admin/synthetic/benchmark', body),
};
