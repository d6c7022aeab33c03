import { api, request } from './client';

export interface Pod {
  podId: string;
  role: string;
  version?: string;
  hostname?: string;
  pid?: number;
  startedAt?: string;
  updatedAt?: string;
  heapUsedMb?: number;
  heapTotalMb?: number;
  rssMb?: number;
  cpuPct?: number;
  eventLoopLagMs?: number;
  reqPerMin?: number;
  blockedPerMin?: number;
  errorsPerMin?: number;
  uptimeSeconds?: number;
}

export interface Overview {
  thisPod?: string | Pod;
  pods: Pod[];
  counters: Record<string, number>;
  providerStats: { _id: string; total: number; errors: number; avgRouting: number; avgDuration: number }[];
  trafficBuckets: { _id: string; requests: number; tokens: number; errors: number }[];
}

export interface LogConfig {
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  promptLogging: boolean;
  promptLogLevel: 'last_user' | 'full';
  routingDecisionLogging?: boolean;
  trackUsersByIp: boolean;
  pathCapture?: { enabled: boolean };
  promptRetentionEnabled: boolean;
  promptRetentionHours: number;
  fileLogging?: { enabled: boolean; directory: string; maxSizeMb: number; maxFiles: number; includePrompts: boolean };
}

export interface CircuitState {
  providerId: string;
  providerName?: string;
  state: 'CLOSED' | 'HALF_OPEN' | 'OPEN';
  failures: number;
  errorRate?: number;
}

/** Pods, log settings, maintenance and settings export (`/api/prism/admin/system`). */
export const systemApi = {
  overview: () => api.get<Overview>('/admin/system/overview'),
  pods: () => api.get<Pod[]>('/admin/system/pods'),
  evictPod: (podId: string) => api.del<{ evicted: boolean }>(`/admin/system/pods/${podId}`),
  logConfig: () => api.get<LogConfig>('/admin/system/log-config'),
  saveLogConfig: (body: Partial<LogConfig>) => api.put<LogConfig>('/admin/system/log-config', body),
  circuitBreaker: () => api.get<CircuitState[]>('/admin/system/circuit-breaker'),
  verifyPassword: (password: string) => api.post<{ verified: boolean }>('/admin/system/verify-password', { password }),
  exportSettings: () => request<unknown>('/admin/system/export-settings'),
  importSettings: (data: unknown) =>
    api.post<{ success: boolean; imported: Record<string, number>; from?: string }>('/admin/system/import-settings', data),
  shrinkLogs: (olderThanHours: number) => api.post<{ shrunk: number }>('/admin/system/shrink-logs', { olderThanHours }),
  cleanupLegacy: () => api.post<Record<string, number>>('/admin/system/cleanup-legacy'),
};
