import { api, tokenStore } from './client';
import type { LoginResult, Me } from './types';

/** Login, session and identity (`/api/prism/auth`). */
export const authApi = {
  async login(username: string, password: string): Promise<LoginResult> {
    const res = await api.post<LoginResult>('/auth/login', { username, password });
    tokenStore.set(res.token, res.refreshToken);
    return res;
  },
  me: () => api.get<Me>('/auth/me'),
  async logout(): Promise<void> {
    try {
      await api.post('/auth/logout');
    } catch {
      // stateless JWT: dropping the token is what logs out
    }
    tokenStore.clear();
  },
};
