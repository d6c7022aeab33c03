import { api } from './client';

/** Setup wizard endpoints (`/api/prism/setup`). */
export const setupApi = {
  status: () => api.get<{ setupComplete: boolean }>('/setup/status'),
  createAdmin: (username: string, password: string) =>
    api.post<{ success: boolean; message: string }>('/setup/admin', { username, password }),
  devDefaults: () =>
    api.get<{
      admin: { username: string | null; password: string | null };
      provider: { name: string | null; type: string | null; baseUrl: string | null; apiKey: string | null };
    }>('/setup/dev-defaults'),
  complete: () => api.post<{ success: boolean; message: string }>('/setup/complete'),
};
