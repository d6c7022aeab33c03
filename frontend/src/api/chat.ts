import { api, request } from './client';

export interface ChatConfig {
  enabled: boolean;
  visibility: 'admin' | 'public' | 'token';
  allowedModels: string[];
  defaultModel: string;
  systemPrompt?: string;
  rateLimit?: { requestsPerMinute: number; maxTokensPerRequest: number };
  accessTokens?: { token: string; label: string; expiresAt: string; used?: boolean }[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Built-in chat settings and the streaming chat call (`/api/prism/admin/chat`). */
export const chatApi = {
  config: () => api.get<ChatConfig>('/admin/chat/config'),
  saveConfig: (body: Partial<ChatConfig>) => api.put<ChatConfig>('/admin/chat/config', body),
  createToken: (label: string, expiresInHours: number) =>
    api.post<{ token: string; label: string; expiresAt: string }>('/admin/chat/tokens', { label, expiresInHours }),
  revokeToken: (token: string) => api.del<{ deleted: boolean }>(`/admin/chat/tokens/${token}`),
  publicConfig: () =>
    api.get<{ enabled: boolean; visibility: ChatConfig['visibility']; allowedModels: string[]; defaultModel: string }>(
      '/admin/chat/public/config',
    ),
  /** Gives the raw streaming response of a public chat call (SSE); the access token goes in x-chat-token. */
  publicStream: (model: string, messages: ChatMessage[], token: string, signal: AbortSignal) =>
    request<Response>('/admin/chat/public', {
      method: 'POST',
      body: { model, messages, stream: true },
      raw: true,
      signal,
      headers: token ? { 'x-chat-token': token } : {},
    }),
  /** Gives the raw streaming response of a chat call (SSE). */
  stream: (model: string, messages: ChatMessage[], signal: AbortSignal) =>
    request<Response>('/admin/chat', { method: 'POST', body: { model, messages, stream: true }, raw: true, signal }),
};
