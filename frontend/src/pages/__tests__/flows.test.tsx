import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import { tokenStore } from '../../api/client';
import { mockFetch, renderApp } from '../../test/utils';
import { ProviderStep } from '../setup/ProviderStep';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('boot sequence', () => {
  it('shows the setup wizard while setup is incomplete', async () => {
    mockFetch({ 'GET /api/prism/setup/status': { body: { setupComplete: false } }, 'GET /api/prism/setup/dev-defaults': { status: 404 } });
    renderApp(<App />);
    expect(await screen.findByText('Model Prism Setup')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create Admin' })).toBeInTheDocument();
  });

  it('shows the login page without a token and the server message on bad credentials', async () => {
    const user = userEvent.setup();
    mockFetch({
      'GET /api/prism/setup/status': { body: { setupComplete: true } },
      'POST /api/prism/auth/login': { status: 401, body: { error: 'Invalid credentials' } },
    });
    renderApp(<App />);
    await user.type(await screen.findByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/Password/), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid credentials');
    expect(tokenStore.get()).toBeNull();
  });

  it('says so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    renderApp(<App />);
    expect(await screen.findByText('Model Prism is not reachable')).toBeInTheDocument();
  });
});

describe('setup wizard provider step', () => {
  const base = {
    'POST /api/prism/setup/complete': { body: { success: true } },
    'POST /api/prism/admin/providers': { status: 201, body: { _id: 'p1', name: 'Up', slug: 'up', type: 'openai', config: {}, status: 'unchecked' } },
  };

  it('never advances while the connection check fails and shows its log', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const { calls } = mockFetch({
      ...base,
      'POST /api/prism/admin/providers/p1/check': { status: 400, body: { success: false, error: 'Connection refused', log: ['→ http://127.0.0.1:9/v1/models', '✗ Failed: Connection refused'] } },
    });
    renderApp(<ProviderStep onDone={onDone} />);
    await user.type(screen.getByLabelText(/Base URL/), 'http://127.0.0.1:9');
    await user.click(screen.getByRole('button', { name: 'Test & Add Provider' }));
    expect(await screen.findByTestId('connection-log')).toHaveTextContent('✗ Failed: Connection refused');
    expect(screen.getByRole('alert')).toHaveTextContent('Connection check failed: Connection refused');
    expect(screen.queryByRole('button', { name: 'Continue' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/discover'))).toBe(false);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('warns about a /v1 suffix and fixes it', async () => {
    const user = userEvent.setup();
    mockFetch({});
    renderApp(<ProviderStep onDone={() => {}} />);
    await user.type(screen.getByLabelText(/Base URL/), 'https://api.example.com/v1');
    await user.click(screen.getByRole('button', { name: 'Auto-fix' }));
    expect(screen.getByLabelText(/Base URL/)).toHaveValue('https://api.example.com');
  });

  it('checks, discovers, attaches to the default tenant and then offers Continue', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const { calls } = mockFetch({
      ...base,
      'POST /api/prism/admin/providers/p1/check': { body: { success: true, log: ['✓ Connection successful (2 models)'], suggestUrl: null } },
      'POST /api/prism/admin/providers/p1/discover': { body: { models: [{ id: 'm-small' }, { id: 'm-large' }], count: 2, enrichedCount: 2, apiPath: '/v1' } },
      'POST /api/prism/admin/tenants/default/add-provider': { body: { added: true, tenantId: 't', tenantSlug: 'api' } },
    });
    renderApp(<ProviderStep onDone={onDone} />);
    await user.type(screen.getByLabelText(/Base URL/), 'http://127.0.0.1:8080');
    await user.click(screen.getByRole('button', { name: 'Test & Add Provider' }));
    expect(await screen.findByTestId('discovered-count')).toHaveTextContent('2 models discovered');
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/default/add-provider') && (c.body as { providerId: string }).providerId === 'p1')).toBe(true));
    const create = calls.find((c) => c.method === 'POST' && c.path === '/api/prism/admin/providers');
    expect(create?.body).toMatchObject({ type: 'openai', config: { baseUrl: 'http://127.0.0.1:8080' } });
    expect(calls.findIndex((c) => c.path.endsWith('/setup/complete'))).toBeLessThan(calls.indexOf(create!));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ _id: 'p1' }));
  });
});

describe('session resilience', () => {
  it('keeps the session when /auth/me is rate limited, but not when the token is rejected', async () => {
    const claims = btoa(JSON.stringify({ sub: 'u1', username: 'audrey', role: 'auditor', exp: 4e9 })).replace(/=+$/, '');
    tokenStore.set(`h.${claims}.s`);
    const { AuthProvider, useAuth } = await import('../../hooks/useAuth');
    function Who() {
      const { user, checking } = useAuth();
      return <span data-testid="who">{checking ? 'checking' : user?.username ?? 'nobody'}</span>;
    }
    mockFetch({ 'GET /api/prism/auth/me': { status: 429, body: { error: 'Too many login attempts, please try again later.' } } });
    const first = renderApp(<AuthProvider><Who /></AuthProvider>);
    await waitFor(() => expect(screen.getByTestId('who')).toHaveTextContent('audrey'));
    first.unmount();

    mockFetch({ 'GET /api/prism/auth/me': { status: 401, body: { error: 'Invalid token' } }, 'POST /api/prism/auth/refresh': { status: 401 } });
    renderApp(<AuthProvider><Who /></AuthProvider>);
    await waitFor(() => expect(screen.getByTestId('who')).toHaveTextContent('nobody'));
    expect(tokenStore.get()).toBeNull();
  });
});
