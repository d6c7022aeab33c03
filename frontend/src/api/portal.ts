import { api } from './client';
import type { DiscoveredModel, ModelConfig, Tenant, TenantKey } from './types';

/** Tenant self-service portal (`/api/prism/tenant-portal`). */
export const portalApi = {
  mine: () => api.get<Tenant[]>('/tenant-portal/mine'),
  get: (id: string) => api.get<Tenant>(`/tenant-portal/${id}`),
  models: (id: string) =>
    api.get<(DiscoveredModel & { providerId: string; providerName: string })[]>(`/tenant-portal/${id}/models`),
  saveModelConfig: (id: string, body: Pick<ModelConfig, 'mode' | 'list'>) =>
    api.put<Tenant>(`/tenant-portal/${id}/model-config`, body),
  saveOverrides: (id: string, body: Pick<Tenant['routing'], 'overrides' | 'forceAutoRouteMode'>) =>
    api.put<Tenant>(`/tenant-portal/${id}/routing-overrides`, body),
  saveBudget: (id: string, body: Pick<Tenant, 'budgetLimits' | 'budgetGuard'>) =>
    api.put<Tenant>(`/tenant-portal/${id}/budget`, body),
  keys: (id: string) => api.get<{ keys: TenantKey[] }>(`/tenant-portal/${id}/keys`),
  rotateKey: (id: string) => api.post<{ apiKey: string; expiresAt: string | null }>(`/tenant-portal/${id}/rotate-key`),
};
