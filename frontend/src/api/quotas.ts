import { api } from './client';

export interface Quota {
  _id: string;
  tenantId: string;
  quotaType: 'tokens_monthly' | 'requests_daily' | 'requests_monthly' | 'cost_monthly';
  limit: number;
  currentUsage: number;
  enforcement: 'hard_block' | 'soft_warning' | 'auto_economy';
  period: 'daily' | 'monthly';
  enabled: boolean;
  pct?: number;
  status?: string;
}

/** Usage quotas (`/api/prism/admin/quotas`). */
export const quotasApi = {
  forTenant: (tenantId: string) => api.get<{ quotas: Quota[] }>(`/admin/quotas/tenant/${tenantId}`),
  create: (body: Pick<Quota, 'tenantId' | 'quotaType' | 'limit' | 'enforcement' | 'period'>) =>
    api.post<Quota>('/admin/quotas', body),
  patch: (id: string, body: Partial<Pick<Quota, 'limit' | 'enforcement' | 'enabled' | 'currentUsage'>>) =>
    api.patch<Quota>(`/admin/quotas/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean }>(`/admin/quotas/${id}`),
};
