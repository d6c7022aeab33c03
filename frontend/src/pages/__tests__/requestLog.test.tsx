import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../../api/client';
import type { RequestLogEntry } from '../../api/types';
import { AuthProvider } from '../../hooks/useAuth';
import { mockFetch, renderApp } from '../../test/utils';
import { RequestLogPage } from '../requests/RequestLogPage';

afterEach(() => vi.unstubAllGlobals());

const routed: RequestLogEntry = {
  _id: 'a1', timestamp: '2026-01-01T10:00:00Z', status: 'success', isAutoRouted: true, sessionId: 'sess-1234abcd',
  tenantId: { _id: 't1', slug: 'team', name: 'Team' }, requestedModel: 'auto', routedModel: 'gpt-4o-mini',
  category: 'coding_medium', costTier: 'medium', confidence: 0.9, inputTokens: 100, outputTokens: 20, actualCostUsd: 0.0012,
  overrideApplied: 'domain_gate', routingSignals: { totalTokens: 100, preRouted: true, signalSource: 'keyword_rule:code' },
};
const failed: RequestLogEntry = {
  _id: 'e1', timestamp: '2026-01-01T09:00:00Z', status: 'error', isAutoRouted: false, requestedModel: 'gpt-4o',
  routedModel: 'gpt-4o', errorType: 'provider_error', errorCategory: 'provider', errorMessage: '[502] provider_error: upstream down',
};

function setup() {
  tokenStore.set('tok');
  return mockFetch({
    'GET /api/prism/auth/me': { body: { id: 'u1', username: 'admin', role: 'admin' } },
    'GET /api/prism/admin/dashboard/requests': (req) => ({
      body: req.query.get('status') === 'error'
        ? { requests: [failed], total: 1, page: 1, pages: 1 }
        : { requests: [routed, failed], total: 2, page: 1, pages: 1 },
    }),
    'GET /api/prism/admin/dashboard/tenants-list': { body: [{ _id: 't1', slug: 'team', name: 'Team' }] },
    'GET /api/prism/admin/categories': { body: [] },
    'GET /api/prism/admin/system/log-config': { body: { logLevel: 'info', promptLogging: false, promptLogLevel: 'last_user', trackUsersByIp: true, promptRetentionEnabled: true, promptRetentionHours: 48 } },
    'GET /api/prism/admin/dashboard/top-paths': { body: [] },
  });
}

describe('Request Log page', () => {
  it('lists requests and opens the routing debug panel of an auto-routed row', async () => {
    const user = userEvent.setup();
    setup();
    renderApp(<AuthProvider><RequestLogPage /></AuthProvider>);
    const rows = await screen.findAllByTestId('request-row');
    expect(rows).toHaveLength(2);
    expect(screen.getByTestId('request-total')).toHaveTextContent('2');
    expect(screen.queryByTestId('routing-debug-panel')).not.toBeInTheDocument();
    await user.click(within(rows[0]).getByLabelText('Expand request'));
    const panel = await screen.findByTestId('routing-debug-panel');
    expect(within(panel).getByText('domain_gate')).toBeInTheDocument();
    expect(within(panel).getByText('Source: keyword_rule:code')).toBeInTheDocument();
    await user.click(within(rows[1]).getByLabelText('Expand request'));
    expect(await screen.findAllByText('[502] provider_error: upstream down')).toHaveLength(2); // row summary + detail
    expect(screen.queryByTestId('routing-debug-panel')).not.toBeInTheDocument();
  });

  it('asks the server again with the chosen filter and back on page 1', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    renderApp(<AuthProvider><RequestLogPage /></AuthProvider>);
    await screen.findAllByTestId('request-row');
    await user.click(screen.getByRole('textbox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Errors' }));
    await waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(1));
    const last = calls.filter((c) => c.path.endsWith('/dashboard/requests')).at(-1)!;
    expect(last.query.get('status')).toBe('error');
    expect(last.query.get('page')).toBe('1');
    expect(last.query.get('limit')).toBe('25');
  });

  it('filters by session when its badge is clicked', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    renderApp(<AuthProvider><RequestLogPage /></AuthProvider>);
    await screen.findAllByTestId('request-row');
    await user.click(screen.getByText('sess-123'));
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith('/dashboard/requests')).at(-1)!.query.get('sessionId')).toBe('sess-1234abcd'));
  });
});
