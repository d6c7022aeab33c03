import { api } from './client';

/** Prompt Analyses feature flag and results (`/api/prism/admin/prompt-engineer`). */
export const promptAnalysesApi = {
  settings: () => api.get<{ enabled: boolean } & Record<string, unknown>>('/admin/prompt-engineer/settings'),
  saveSettings: (body: Record<string, unknown>) => api.put<Record<string, unknown>>('/admin/prompt-engineer/settings', body),
  preview: () => api.get<Record<string, unknown>>('/admin/prompt-engineer/preview'),
  analyze: (reset = false) => api.post<Record<string, unknown>>('/admin/prompt-engineer/analyze', { reset }),
  progress: () => api.get<{ running: boolean; done?: number; total?: number }>('/admin/prompt-engineer/progress'),
  results: (page = 1) => api.get<{ results: Record<string, unknown>[]; total?: number }>('/admin/prompt-engineer/results', { page }),
};
