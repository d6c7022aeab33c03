import { api } from './client';
import type { Page, RequestLogEntry } from './types';

/** Time range as the dashboard endpoints take it: `days`, `hours` or `from`/`to`. */
export interface RangeQuery {
  tenantId?: string;
  days?: number;
  hours?: number;
  from?: string;
  to?: string;
  [key: string]: string | number | boolean | undefined;
}

export interface Summary {
  periodDays?: number;
  uniqueUsers: number | null;
  usersViaProxy?: number | null;
  usersDirect?: number | null;
  summary: {
    totalRequests: number;
    totalInputTokens: number;
    totalOutputTokens: number;
    totalActualCost: number;
    totalBaselineCost: number;
    totalSaved: number;
    autoRoutedCount: number;
    totalRoutingCost: number;
    errorCount: number;
    unknownErrorCount: number;
    avgDurationMs: number;
  };
}

export interface ModelStat {
  _id: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  actualCost: number;
  baselineCost: number;
  saved: number;
  autoRouted: number;
  errorCount: number;
  durationMsTotal: number;
  durationMsCount: number;
}

export interface DailyStat {
  _id: string;
  requests: number;
  actualCost: number;
  baselineCost: number;
  saved: number;
  inputTokens: number;
  outputTokens: number;
  activeUsers: number;
}

export interface CategoryStat {
  _id: { category: string; costTier: string };
  requests: number;
  actualCost: number;
}

export interface ConfigChange {
  _id: string;
  timestamp: string;
  user: string;
  action: 'create' | 'update' | 'delete';
  target: string;
  targetId?: string;
  targetName?: string;
  summary: string;
  changes?: { field: string; before: unknown; after: unknown }[];
}

export type RequestQuery = Record<string, string | number | undefined>;

/** Dashboard analytics and the request log (`/api/prism/admin/dashboard`). */
export const dashboardApi = {
  summary: (q: RangeQuery) => api.get<Summary>('/admin/dashboard/summary', q),
  models: (q: RangeQuery) => api.get<ModelStat[]>('/admin/dashboard/models', q),
  categories: (q: RangeQuery) => api.get<CategoryStat[]>('/admin/dashboard/categories', q),
  daily: (q: RangeQuery) => api.get<DailyStat[]>('/admin/dashboard/daily', q),
  users: (days = 30) => api.get<{ _id: string; requests: number; tokens: number; cost: number }[]>('/admin/dashboard/users', { days }),
  requests: (q: RequestQuery) => api.get<Page<RequestLogEntry>>('/admin/dashboard/requests', q),
  tenantsList: () => api.get<{ _id: string; slug: string; name: string }[]>('/admin/dashboard/tenants-list'),
  topPaths: (days = 30) => api.get<{ path: string; count: number }[]>('/admin/dashboard/top-paths', { days }),
  rpm: () => api.get<{ rpm: number }>('/admin/dashboard/rpm'),
  configChanges: (q: { days?: number; hours?: number; from?: string }) =>
    api.get<ConfigChange[]>('/admin/dashboard/config-changes', q),
  reclassifyFim: (days = 30) => api.post<{ scanned: number; updated: number }>('/admin/dashboard/reclassify-fim', { days }),
  resolveError: (id: string) => api.post<{ resolved: boolean }>(`/admin/dashboard/resolve-error/${id}`),
  recalcCosts: (days = 30) =>
    api.post<{ scanned: number; updated: number; totalCostDelta: number }>('/admin/dashboard/recalc-costs', { days }),
  resolveErrorsBefore: (before?: string) =>
    api.post<{ resolved: number }>('/admin/dashboard/resolve-errors-before', before ? { before } : {}),
};
