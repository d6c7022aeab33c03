import { api } from './client';
import type { Category, PresetProfile } from './types';

export interface PresetResult {
  profiles: string[];
  categoriesConsidered: number;
  updated: number;
  skipped: number;
  assignments: { category: string; tier: string; model: string; score: number }[];
}

/** Routing categories and preset profiles (`/api/prism/admin/categories`). */
export const categoriesApi = {
  list: () => api.get<Category[]>('/admin/categories'),
  create: (body: Partial<Category>) => api.post<Category>('/admin/categories', body),
  update: (id: string, body: Partial<Category>) => api.put<Category>(`/admin/categories/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean }>(`/admin/categories/${id}`),
  resetDefaults: () => api.post<{ created: number; updated: number; total: number }>('/admin/categories/reset-defaults'),
  presets: () => api.get<PresetProfile[]>('/admin/categories/presets'),
  applyPreset: (profileIds: string[], providerId?: string) =>
    api.post<PresetResult>('/admin/categories/apply-preset', { profileIds, providerId }),
};
