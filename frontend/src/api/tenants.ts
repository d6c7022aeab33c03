import { api } from './client';
import type { Tenant, TenantKey } from './types';

export interface TestRequestResult {
  content: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  routingCostUsd?: number;
  routing: Record<string, unknown> | null;
}

/** Tenants and their API keys (`/api/prism/admin/tenants`). */
export const tenantsApi = {
  list: () => api.get<Tenant[]>('/admin/tenants'),
  get: (id: string) => api.get<Tenant>(`/admin/tenants/${id}`),
  create: (body: Partial<Tenant>) => api.post<Tenant & { apiKey: string }>('/admin/tenants', body),
  update: (id: string, body: Partial<Tenant>) => api.put<Tenant>(`/admin/tenants/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean; cascade: Record<string, number> }>(`/admin/tenants/${id}`),
  rotateKey: (id: string) =>
    api.post<{ apiKey: string; expiresAt: string | null; message: string }>(`/admin/tenants/${id}/rotate-key`),
  setKey: (id: string, apiKey: string, keyLifetimeDays?: number) =>
    api.post<{ message: string; prefix: string; expiresAt: string | null }>(`/admin/tenants/${id}/set-key`, {
      apiKey,
      keyLifetimeDays,
    }),
  keys: (id: string) => api.get<{ keys: TenantKey[] }>(`/admin/tenants/${id}/keys`),
  addKey: (id: string, label: string, keyLifetimeDays: number) =>
    api.post<TenantKey & { apiKey: string; message: string }>(`/admin/tenants/${id}/keys`, { label, keyLifetimeDays }),
  addCustomKey: (id: string, apiKey: string, label: string, keyLifetimeDays: number) =>
    api.post<TenantKey & { message: string }>(`/admin/tenants/${id}/keys/custom`, { apiKey, label, keyLifetimeDays }),
  patchKey: (id: string, keyId: string, body: { enabled?: boolean; label?: string }) =>
    api.patch<TenantKey>(`/admin/tenants/${id}/keys/${keyId}`, body),
  revokeKey: (id: string, keyId: string) => api.del<{ success: boolean }>(`/admin/tenants/${id}/keys/${keyId}`),
  revealKey: (id: string, keyId = 'legacy') => api.get<{ apiKey: string }>(`/admin/tenants/${id}/keys/${keyId}/reveal`),
  addProviderToDefault: (providerId: string) =>
    api.post<{ added: boolean; tenantId: string; tenantSlug: string }>('/admin/tenants/default/add-provider', {
      providerId,
    }),
  testRequest: (id: string, messages: { role: string; content: string }[], model = 'auto-prism') =>
    api.post<TestRequestResult>(`/admin/tenants/${id}/test-request`, { model, messages }),
};
