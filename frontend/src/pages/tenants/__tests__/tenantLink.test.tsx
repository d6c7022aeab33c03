import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../../../api/client';
import { AuthProvider } from '../../../hooks/useAuth';
import { mockFetch, renderApp } from '../../../test/utils';
import { findingHref } from '../../routing/synthetic/logic';
import { TenantsPage } from '../TenantsPage';

afterEach(() => vi.unstubAllGlobals());

const tenant = (_id: string, name: string, slug: string, isDefault = false) => ({
  _id, name, slug, isDefault, active: true, providerIds: [], modelConfig: { mode: 'all', list: [] }, routing: { enabled: true, overrides: { domainGate: true } },
});
const routes = (role: string) => ({
  'GET /api/prism/auth/me': { body: { id: 'u1', username: 'ada', role } },
  'GET /api/prism/admin/tenants': { body: [tenant('t1', 'Default', 'api', true), tenant('t2', 'Team A', 'team-a')] },
  'GET /api/prism/admin/providers': { body: [] },
});

/** Shows the current query string, so a test can see what the page wrote to the URL. */
function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}
const page = (
  <AuthProvider>
    <TenantsPage />
    <Where />
  </AuthProvider>
);
const overrideLink = findingHref({ kind: 'override', tenantId: 't2', override: 'domainGate' });

describe('tenant links', () => {
  it("opens the linked tenant's Routing tab with the override marked, once", async () => {
    const user = userEvent.setup();
    tokenStore.set('h.e30.s');
    const { calls } = mockFetch({ ...routes('admin'), 'PUT /api/prism/admin/tenants/t2': { body: tenant('t2', 'Team A', 'team-a') } });
    renderApp(page, { route: overrideLink });
    const dialog = await screen.findByRole('dialog', { name: 'Edit Team A' });
    expect(within(dialog).getByRole('tab', { name: 'Routing' })).toHaveAttribute('aria-selected', 'true');
    const marked = dialog.querySelector('[aria-current="true"]');
    expect(marked).toHaveAttribute('data-override', 'domainGate');
    expect(within(marked as HTMLElement).getByRole('switch', { name: 'Domain Gate' })).toBeChecked();

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // the list is reloaded after the save; the link must not open the editor again
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/prism/admin/tenants')).toHaveLength(2));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('where')).toHaveTextContent('?tenant=t2');
    expect(screen.getByRole('row', { current: true })).toHaveTextContent('Team A');

    // opened by hand afterwards, the editor starts on General as usual
    await user.click(screen.getByRole('button', { name: 'Edit Team A' }));
    const again = await screen.findByRole('dialog', { name: 'Edit Team A' });
    expect(within(again).getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
  });

  it('only marks the tenant for a read-only role', async () => {
    tokenStore.set('h.e30.s');
    mockFetch(routes('finops'));
    renderApp(page, { route: overrideLink });
    await waitFor(() => expect(screen.getByRole('row', { current: true })).toHaveTextContent('Team A'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
