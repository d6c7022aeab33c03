import { api } from './client';

export interface ConfigModel {
  id: string;
  name?: string;
  provider?: string;
  tier?: string;
  cost?: string;
  locked?: boolean;
  selected?: boolean;
  warning?: string;
  suggestion?: string;
  recommendedFor?: string;
}

export interface ConfigModels {
  tenant: { slug: string; name: string };
  models: ConfigModel[];
  recommendations?: Record<string, { description: string; models: string[]; tiers?: string[] }>;
}

/** IDE config generator (`/api/prism/ide-config`). */
export const ideConfigApi = {
  tenants: () => api.get<{ _id: string; slug: string; name: string; isDefault?: boolean }[]>('/ide-config/tenants'),
  models: (tenant?: string) => api.get<ConfigModels>('/ide-config/models', { tenant }),
  settings: () => api.get<{ publicEnabled: boolean; publicTenantIds: string[] }>('/ide-config/settings'),
  saveSettings: (body: { publicEnabled?: boolean; publicTenantIds?: string[] }) =>
    api.put<{ publicEnabled: boolean; publicTenantIds: string[] }>('/ide-config/settings', body),
  publicTenants: () => api.get<{ _id: string; slug: string; name: string }[]>('/public/ide-config/tenants'),
  publicModels: (tenant: string) => api.get<ConfigModels>('/public/ide-config/models', { tenant }),
};
