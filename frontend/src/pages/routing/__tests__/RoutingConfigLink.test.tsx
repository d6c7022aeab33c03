import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../../../api/client';
import type { KeywordRule, RuleSet } from '../../../api/types';
import { AuthProvider } from '../../../hooks/useAuth';
import { mockFetch, renderApp } from '../../../test/utils';
import { findingHref } from '../synthetic/logic';
import { RoutingConfigPage } from '../RoutingConfigPage';

afterEach(() => vi.unstubAllGlobals());

const rule = (name: string, keywords: string[], category: string): KeywordRule => ({ name, enabled: true, keywords, match: 'any', minMatches: 1, searchIn: 'all', effect: { category } });
const ruleSet = (_id: string, name: string, rules: KeywordRule[], isGlobalDefault = false) => ({ _id, name, isGlobalDefault, keywordRules: rules, systemPromptRoles: [] }) as unknown as RuleSet;
const sets = [
  ruleSet('rs1', 'Global rules', [rule('Greetings', ['hello'], 'smalltalk')], true),
  ruleSet('rs2', 'Team rules', [rule('Legal words', ['contract', 'liability'], 'legal'), rule('Code words', ['python', 'stack trace'], 'coding_simple')]),
];
const routes = {
  'GET /api/prism/auth/me': { body: { id: 'u1', username: 'ada', role: 'admin' } },
  'GET /api/prism/admin/routing/rule-sets': { body: sets },
  'GET /api/prism/admin/categories': { body: [{ _id: 'c1', key: 'legal' }, { _id: 'c2', key: 'coding_simple' }] },
};

/** Shows the current query string, so a test can see what the page wrote to the URL. */
function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}
const page = (extra?: React.ReactNode) => (
  <AuthProvider>
    <RoutingConfigPage />
    {extra}
    <Where />
  </AuthProvider>
);
const nameInput = () => screen.getByRole('textbox', { name: 'Name' });

describe('routing config links', () => {
  it('opens the rule set and shows the rule a synthetic finding links to', async () => {
    tokenStore.set('h.e30.s');
    mockFetch(routes);
    renderApp(page(), { route: findingHref({ kind: 'rule', ruleSetId: 'rs2', rule: 'Code words' }) });
    await waitFor(() => expect(nameInput()).toHaveValue('Team rules'));
    expect(screen.getByRole('tab', { name: /Keyword Rules/ })).toHaveAttribute('aria-selected', 'true');
    const linked = await screen.findByTestId('linked-rule');
    expect(linked).toHaveTextContent('Linked rule: “Code words” (#2 of 2 in Team rules)');
    expect(linked).toHaveTextContent('python, stack trace');
    expect(linked).toHaveTextContent('coding_simple');
    expect(screen.getByRole('button', { name: 'Edit rule Code words' })).toBeInTheDocument();
    const marked = screen.getByTestId('marked-rule');
    expect(marked).toHaveAttribute('aria-current', 'true');
    expect(within(marked).getByText('Code words')).toBeInTheDocument();
    expect(screen.getAllByTestId('marked-rule')).toHaveLength(1);
  });

  it('says when the linked rule is no longer in the rule set, and drops it when closed', async () => {
    const user = userEvent.setup();
    tokenStore.set('h.e30.s');
    mockFetch(routes);
    renderApp(page(), { route: '/routing-config?tab=keywords&ruleSet=rs2&rule=Gone' });
    const linked = await screen.findByTestId('linked-rule');
    expect(linked).toHaveTextContent('Rule “Gone” not found');
    await user.click(within(linked).getByRole('button'));
    await waitFor(() => expect(screen.queryByTestId('linked-rule')).toBeNull());
    expect(screen.getByTestId('where').textContent).not.toContain('rule=');
    expect(nameInput()).toHaveValue('Team rules');
  });

  it('follows a link on the page itself, and a rule set picked by hand replaces the link', async () => {
    const user = userEvent.setup();
    tokenStore.set('h.e30.s');
    mockFetch(routes);
    const link = <Link to={findingHref({ kind: 'rule', ruleSetId: 'rs2', rule: 'Legal words' })}>finding</Link>;
    renderApp(page(link), { route: '/routing-config?tab=keywords' });
    await waitFor(() => expect(nameInput()).toHaveValue('Global rules'));
    expect(screen.queryByTestId('linked-rule')).toBeNull();
    await user.click(screen.getByRole('link', { name: 'finding' }));
    await waitFor(() => expect(nameInput()).toHaveValue('Team rules'));
    expect(screen.getByTestId('linked-rule')).toHaveTextContent('“Legal words” (#1 of 2');

    await user.click(screen.getByText('Global rules'));
    await waitFor(() => expect(nameInput()).toHaveValue('Global rules'));
    expect(screen.queryByTestId('linked-rule')).toBeNull();
    expect(new URLSearchParams(screen.getByTestId('where').textContent ?? '').get('ruleSet')).toBe('rs1');
    await user.click(screen.getByRole('link', { name: 'finding' }));
    await waitFor(() => expect(nameInput()).toHaveValue('Team rules'));
  });
});
