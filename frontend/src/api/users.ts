import { api } from './client';
import type { Role, UserRecord } from './types';

/** Admin-UI users (`/api/prism/admin/users`). */
export const usersApi = {
  list: () => api.get<UserRecord[]>('/admin/users'),
  create: (body: { username: string; password: string; role: Role; tenants: string[] }) =>
    api.post<UserRecord>('/admin/users', body),
  update: (id: string, body: { role?: Role; tenants?: string[]; active?: boolean; password?: string }) =>
    api.put<UserRecord>(`/admin/users/${id}`, body),
  remove: (id: string) => api.del<{ success: boolean }>(`/admin/users/${id}`),
};
