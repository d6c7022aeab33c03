import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, errorMessage, messageFromBody, setUnauthorizedHandler, tokenStore } from '../client';
import { mockFetch } from '../../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(() => {});
});

describe('request', () => {
  it('sends the stored token and JSON body to the /api/prism base path', async () => {
    tokenStore.set('tok-1');
    const { calls } = mockFetch({ 'POST /api/prism/admin/things': { status: 201, body: { ok: 1 } } });
    const res = await api.post<{ ok: number }>('/admin/things', { a: 1 });
    expect(res).toEqual({ ok: 1 });
    expect(calls[0].headers.Authorization).toBe('Bearer tok-1');
    expect(calls[0].headers['Content-Type']).toBe('application/json');
    expect(calls[0].body).toEqual({ a: 1 });
  });

  it('refreshes the access token once on a 401 and retries with the new token', async () => {
    tokenStore.set('old', 'refresh-1');
    let attempts = 0;
    const { calls } = mockFetch({
      'GET /api/prism/admin/tenants': (req) => {
        attempts += 1;
        return req.headers.Authorization === 'Bearer new' ? { body: [{ _id: 't1' }] } : { status: 401, body: { error: 'Invalid token' } };
      },
      'POST /api/prism/auth/refresh': (req) => (req.headers.Authorization === 'Bearer refresh-1' ? { body: { token: 'new' } } : { status: 401 }),
    });
    const res = await api.get<{ _id: string }[]>('/admin/tenants');
    expect(res[0]._id).toBe('t1');
    expect(attempts).toBe(2);
    expect(calls.filter((c) => c.path.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(tokenStore.get()).toBe('new');
  });

  it('shares one refresh between concurrent 401s', async () => {
    tokenStore.set('old');
    mockFetch({
      'GET /api/prism/a': (r) => (r.headers.Authorization === 'Bearer fresh' ? { body: 'a' } : { status: 401 }),
      'GET /api/prism/b': (r) => (r.headers.Authorization === 'Bearer fresh' ? { body: 'b' } : { status: 401 }),
      'POST /api/prism/auth/refresh': { body: { accessToken: 'fresh' } },
    });
    const [a, b] = await Promise.all([api.get('/a'), api.get('/b')]);
    expect([a, b]).toEqual(['a', 'b']);
    const refreshes = (fetch as unknown as { mock: { calls: unknown[][] } }).mock.calls.filter((c) => String(c[0]).endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
  });

  it('drops the session and calls the unauthorized handler when refresh fails', async () => {
    tokenStore.set('old');
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    mockFetch({
      'GET /api/prism/admin/users': { status: 401, body: { error: 'Invalid token' } },
      'POST /api/prism/auth/refresh': { status: 401, body: { error: 'Invalid token' } },
    });
    await expect(api.get('/admin/users')).rejects.toMatchObject({ status: 401, message: 'Invalid token' });
    expect(handler).toHaveBeenCalledOnce();
    expect(tokenStore.get()).toBeNull();
  });

  it('does not try to refresh for auth endpoints (wrong password stays a login error)', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    tokenStore.set('x');
    const { calls } = mockFetch({ 'POST /api/prism/auth/login': { status: 401, body: { error: 'Invalid credentials' } } });
    await expect(api.post('/auth/login', { username: 'a', password: 'b' })).rejects.toThrow('Invalid credentials');
    expect(calls).toHaveLength(1);
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns network failures into a readable ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const err = await api.get('/setup/status').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
    expect((err as ApiError).message).toMatch(/Cannot reach the Model Prism server/);
  });

  it('keeps the error body (e.g. the connection log of a failed check) on the ApiError', async () => {
    mockFetch({ 'POST /api/prism/admin/providers/p1/check': { status: 400, body: { success: false, error: 'Connection refused', log: ['✗ Failed'] } } });
    const err = (await api.post('/admin/providers/p1/check').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe('Connection refused');
    expect((err.body as { log: string[] }).log).toEqual(['✗ Failed']);
  });
});

describe('messageFromBody', () => {
  it('reads every error shape the backend uses', () => {
    expect(messageFromBody(400, { error: 'Slug already in use' })).toBe('Slug already in use');
    expect(messageFromBody(403, { error: { message: 'Chat disabled', type: 'x' } })).toBe('Chat disabled');
    expect(messageFromBody(422, { message: 'Bad field' })).toBe('Bad field');
    expect(messageFromBody(502, '<html>Bad gateway</html>')).toBe('The upstream provider returned an error.');
    expect(messageFromBody(418, null)).toBe('Request failed (HTTP 418).');
    expect(messageFromBody(599, {})).toMatch(/server ran into an error/);
  });

  it('gives messages for non-API errors too', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
  });
});

describe('buildUrl', () => {
  it('skips empty query values and repeats arrays', () => {
    expect(buildUrl('/x', { a: 1, b: '', c: undefined, d: ['p', 'q'], e: false })).toBe('/api/prism/x?a=1&d=p&d=q&e=false');
    expect(buildUrl('/v1/models', undefined, true)).toBe('/v1/models');
  });
});

describe('session check', () => {
  it('refreshes an expired access token when /auth/me answers 401', async () => {
    tokenStore.set('expired', 'refresh-ok');
    mockFetch({
      'GET /api/prism/auth/me': (r) => (r.headers.Authorization === 'Bearer fresh' ? { body: { id: 'u', username: 'a', role: 'admin' } } : { status: 401, body: { error: 'Invalid token' } }),
      'POST /api/prism/auth/refresh': { body: { token: 'fresh' } },
    });
    await expect(api.get('/auth/me')).resolves.toMatchObject({ username: 'a' });
  });
});
