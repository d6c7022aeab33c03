import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../../api/client';
import { AuthProvider } from '../../hooks/useAuth';
import { mockFetch, renderApp } from '../../test/utils';
import { CategoriesPage } from '../CategoriesPage';
import { findingHref } from '../routing/synthetic/logic';

afterEach(() => vi.unstubAllGlobals());

const cats = [
  { _id: 'c1', key: 'smalltalk', name: 'Small talk', costTier: 'minimal', examples: ['hi'], isBuiltIn: true },
  { _id: 'c2', key: 'legal', name: 'Legal', costTier: 'advanced', examples: ['is this contract valid'], isBuiltIn: true },
  { _id: 'c3', key: 'coding_simple', name: 'Simple coding', costTier: 'low', examples: [], isBuiltIn: false },
];
const routes = (role: string) => ({
  'GET /api/prism/auth/me': { body: { id: 'u1', username: 'ada', role } },
  'GET /api/prism/admin/categories': { body: cats },
});
const page = (
  <AuthProvider>
    <CategoriesPage />
  </AuthProvider>
);

describe('categories links', () => {
  it('marks the linked category and opens its editor once for a config writer', async () => {
    const user = userEvent.setup();
    tokenStore.set('h.e30.s');
    const { calls } = mockFetch({ ...routes('admin'), 'PUT /api/prism/admin/categories/c2': { body: cats[1] } });
    renderApp(page, { route: findingHref({ kind: 'category', categoryId: 'c2', category: 'legal' }) });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /^Name/ })).toHaveValue('Legal');
    expect(within(dialog).getByRole('textbox', { name: /^Examples/ })).toHaveValue('is this contract valid');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // the list is reloaded after the save; the link must not open the editor again
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/prism/admin/categories')).toHaveLength(2));
    expect(screen.queryByRole('dialog')).toBeNull();
    const marked = screen.getByRole('row', { current: true });
    expect(marked).toHaveTextContent('legal');
    expect(screen.getAllByRole('row', { current: false })).toHaveLength(3); // header + the two others
  });

  it('falls back to the key when the id is stale, and only marks the row for a read-only role', async () => {
    tokenStore.set('h.e30.s');
    mockFetch(routes('auditor'));
    renderApp(page, { route: '/categories?category=coding_simple&id=deleted' });
    await waitFor(() => expect(screen.getByRole('row', { current: true })).toHaveTextContent('Simple coding'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says when the linked category does not exist', async () => {
    tokenStore.set('h.e30.s');
    mockFetch(routes('admin'));
    renderApp(page, { route: '/categories?category=astrology' });
    expect(await screen.findByTestId('linked-category-missing')).toHaveTextContent('Category astrology not found');
    expect(screen.queryByRole('row', { current: true })).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
