import { api } from './client';

export const WEBHOOK_EVENTS = [
  'budget_threshold',
  'budget_exceeded',
  'error_spike',
  'provider_down',
  'quota_exhausted',
  'quota_warning',
  'experiment_completed',
] as const;

export interface Webhook {
  _id: string;
  tenantId?: string | null;
  name: string;
  url: string;
  secret?: string;
  events: string[];
  enabled: boolean;
  retryPolicy?: { maxRetries: number; backoffMs: number };
  headers?: Record<string, string>;
}

export interface WebhookLog {
  _id: string;
  event: string;
  statusCode?: number;
  responseTimeMs?: number;
  attempt: number;
  success: boolean;
  errorMessage?: string;
  timestamp: string;
}

/** Outbound webhooks (`/api/prism/admin/webhooks`). */
export const webhooksApi = {
  list: () => api.get<{ webhooks: Webhook[] }>('/admin/webhooks'),
  create: (body: Partial<Webhook>) => api.post<Webhook>('/admin/webhooks', body),
  update: (id: string, body: Partial<Webhook>) => api.patch<Webhook>(`/admin/webhooks/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean }>(`/admin/webhooks/${id}`),
  test: (id: string) => api.post<{ sent: boolean }>(`/admin/webhooks/${id}/test`),
  rotateSecret: (id: string) => api.post<{ secret: string }>(`/admin/webhooks/${id}/rotate-secret`),
  logs: (id: string) => api.get<{ logs: WebhookLog[] }>(`/admin/webhooks/${id}/logs`, { limit: 50 }),
};
