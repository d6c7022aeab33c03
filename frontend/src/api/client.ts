/**
 * The only module that calls `fetch`. Adds the base path and the JWT, refreshes the access token once on a 401,
 * and turns every failure into one `ApiError` whose message a person can read.
 */

export const API_BASE = '/api/prism';
const TOKEN_KEY = 'token';
const REFRESH_KEY = 'refreshToken';
const REFRESH_PATH = '/auth/refresh';

/** One error type for everything the API can go wrong with; `message` is meant for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly details?: unknown;

  constructor(status: number, message: string, body?: unknown, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.details = details;
  }
}

const STATUS_TEXT: Record<number, string> = {
  0: 'Cannot reach the Model Prism server. Check that it is running and your network connection.',
  400: 'The request was not accepted.',
  401: 'Your session has expired. Please sign in again.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'This conflicts with existing data.',
  413: 'The upload is too large.',
  429: 'Too many requests. Please wait a moment and try again.',
  500: 'The server ran into an error. Please try again; if it persists check the server log.',
  502: 'The upstream provider returned an error.',
  503: 'The service is not ready yet.',
  504: 'The upstream provider took too long to answer.',
};

/** Gives the human-readable message for an error body of any of the shapes the backend uses. */
export function messageFromBody(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const err = b.error;
    if (typeof err === 'string' && err.trim()) return err;
    if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
      return (err as { message: string }).message;
    }
    if (typeof b.message === 'string' && b.message.trim()) return b.message;
    if (typeof b.msg === 'string' && b.msg.trim()) return b.msg;
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trim().startsWith('<')) return body.trim();
  return STATUS_TEXT[status] ?? (status >= 500 ? STATUS_TEXT[500] : `Request failed (HTTP ${status}).`);
}

/** Gives a message for any thrown value, so every page shows errors the same way. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof DOMException && err.name === 'AbortError') return 'The request was cancelled.';
  if (err instanceof Error) return err.message;
  return String(err);
}

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  getRefresh: (): string | null => localStorage.getItem(REFRESH_KEY),
  set(token: string, refresh?: string | null) {
    localStorage.setItem(TOKEN_KEY, token);
    if (refresh) localStorage.setItem(REFRESH_KEY, refresh);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(REFRESH_KEY);
  },
};

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Registers what happens when a session cannot be refreshed (the app navigates to /login). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined | string[]>;
  signal?: AbortSignal;
  /** Return the raw Response (streams, downloads) instead of parsed JSON. */
  raw?: boolean;
  headers?: Record<string, string>;
  /** Absolute path (starting with '/') outside the /api/prism base, e.g. the gateway. */
  absolute?: boolean;
}

/** Gives the URL for an API path, with the query string built from defined values only. */
export function buildUrl(path: string, query?: RequestOptions['query'], absolute = false): string {
  const base = absolute ? '' : API_BASE;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

/** Calls whose 401 means "wrong credentials", not "expired session": never refreshed. */
function isAuthPath(path: string): boolean {
  return path.startsWith('/auth/login') || path.startsWith(REFRESH_PATH) || path.startsWith('/setup/');
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

let refreshing: Promise<boolean> | null = null;

/** Gives true when a new access token was obtained; concurrent 401s share one refresh call. */
export function refreshAccessToken(): Promise<boolean> {
  if (!refreshing) {
    refreshing = doRefresh().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function doRefresh(): Promise<boolean> {
  const credential = tokenStore.getRefresh() ?? tokenStore.get();
  if (!credential) return false;
  try {
    const res = await fetch(buildUrl(REFRESH_PATH), {
      method: 'POST',
      headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (!res.ok) return false;
    const body = (await parseBody(res)) as Record<string, unknown> | null;
    const token = (body?.token ?? body?.accessToken ?? body?.access_token) as string | undefined;
    if (!token) return false;
    const refresh = (body?.refreshToken ?? body?.refresh_token) as string | undefined;
    tokenStore.set(token, refresh);
    return true;
  } catch {
    return false;
  }
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = tokenStore.get();
  if (token && !headers.Authorization) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(buildUrl(path, opts.query, opts.absolute), {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, STATUS_TEXT[0]);
  }
}

/** Gives the parsed JSON answer of an API call, or throws an `ApiError`. */
export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 401 && !isAuthPath(path) && tokenStore.get()) {
    if (await refreshAccessToken()) {
      res = await send(path, opts);
    }
    if (res.status === 401) {
      tokenStore.clear();
      onUnauthorized();
    }
  }
  if (opts.raw && res.ok) return res as unknown as T;
  const parsed = await parseBody(res);
  if (!res.ok) {
    const details = parsed && typeof parsed === 'object' ? (parsed as { details?: unknown }).details : undefined;
    throw new ApiError(res.status, messageFromBody(res.status, parsed), parsed, details);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    request<T>(path, { query, signal }),
  post: <T>(path: string, body: unknown = {}, opts: RequestOptions = {}) =>
    request<T>(path, { ...opts, method: 'POST', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

/** Gives the URL-encoded segment for ids that may contain '/' and ':' (model ids). */
export const seg = (id: string): string => encodeURIComponent(id);
