import { api } from './client';

export interface Appearance {
  theme: 'dark' | 'light' | 'system' | 'custom';
  brandName?: string;
  pageTitle?: string;
  chatTitle?: string;
  logoUrl?: string;
  logoData?: string;
  custom?: Record<string, string>;
}

/** Theme and branding (`/api/prism/admin/appearance`). */
export const appearanceApi = {
  get: () => api.get<Appearance>('/admin/appearance'),
  save: (body: Partial<Appearance>) => api.put<Appearance>('/admin/appearance', body),
};
