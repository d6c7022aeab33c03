import { api, seg } from './client';
import type { DiscoveredModel, FlatModel, Provider, ProviderConfig } from './types';

export interface ProviderInput {
  name: string;
  type: string;
  slug?: string;
  config: ProviderConfig;
}

export interface CheckResult {
  success: boolean;
  log: string[];
  suggestUrl?: string | null;
  error?: string;
}

export interface DiscoverResult {
  models: DiscoveredModel[];
  count: number;
  enrichedCount: number;
  apiPath: string;
}

/** Providers and the model registry (`/api/prism/admin/providers`). */
export const providersApi = {
  list: () => api.get<Provider[]>('/admin/providers'),
  get: (id: string) => api.get<Provider>(`/admin/providers/${id}`),
  create: (body: ProviderInput) => api.post<Provider>('/admin/providers', body),
  update: (id: string, body: Partial<ProviderInput>) => api.put<Provider>(`/admin/providers/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean; cascade?: { tenantsUpdated?: number } }>(`/admin/providers/${id}`),
  test: (id: string) => api.post<{ success: boolean; message?: string }>(`/admin/providers/${id}/test`),
  check: (id: string) => api.post<CheckResult>(`/admin/providers/${id}/check`),
  discover: (id: string) => api.post<DiscoverResult>(`/admin/providers/${id}/discover`),
  chat: (id: string, model: string, messages: { role: string; content: string }[]) =>
    api.post<{ choices?: { message?: { content?: string } }[]; usage?: Record<string, number> }>(
      `/admin/providers/${id}/chat`,
      { model, messages },
    ),
  allModels: () => api.get<FlatModel[]>('/admin/providers/models/all'),
  suggest: (modelId: string) =>
    api.get<Partial<DiscoveredModel> & { tier?: string }>('/admin/providers/models/suggest', { modelId }),
  reorderTier: (items: { providerId: string; modelId: string }[]) =>
    api.post<{ success: boolean }>('/admin/providers/models/reorder-tier', { items }),
  patchModel: (providerId: string, modelId: string, body: Partial<DiscoveredModel>) =>
    api.patch<DiscoveredModel>(`/admin/providers/${providerId}/models/${seg(modelId)}`, body),
};
