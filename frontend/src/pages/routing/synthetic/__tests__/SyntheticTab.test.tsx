import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerationJob, SyntheticSuite } from '../../../../api/routing';
import { mockFetch, renderApp } from '../../../../test/utils';
import { SyntheticTab } from '../../SyntheticTab';

afterEach(() => vi.unstubAllGlobals());

const job = (done: number, status: GenerationJob['status']): GenerationJob => ({
  status, done, total: 2, generated: done * 2, rejected: 0, failures: [], current: status === 'running' ? 'translation' : null, model: 'gpt-4o-mini', provider: 'Fake',
});
const suiteWith = (n: number, generation: GenerationJob | null): SyntheticSuite => ({
  _id: 's1', name: 'Smoke', generation, testCases: Array.from({ length: n }, (_, i) => ({ _id: `c${i}`, prompt: `Prompt ${i}`, expectedCategory: 'translation', tags: [] })),
});
const base = {
  'GET /api/prism/admin/synthetic/jobs': { body: { runs: [], generations: [], evaluations: [] } },
  'GET /api/prism/admin/tenants': { body: [{ _id: 't1', name: 'Default', isDefault: true }] },
  'GET /api/prism/admin/categories': { body: [{ key: 'translation' }, { key: 'coding_simple' }] },
  'GET /api/prism/admin/providers/models/all': { body: [{ providerId: 'p1', id: 'gpt-4o-mini', providerName: 'Fake' }] },
  'GET /api/prism/admin/synthetic/runs': { body: [] },
};

describe('synthetic test set', () => {
  it('starts a generation for every category and follows its progress until the cases arrive', async () => {
    const user = userEvent.setup();
    const answers = [suiteWith(2, job(1, 'running')), suiteWith(4, job(2, 'done'))];
    let started = false;
    const { calls } = mockFetch({
      ...base,
      'GET /api/prism/admin/routing/test-suites': () => ({ body: [suiteWith(started ? 4 : 0, null)] }),
      'GET /api/prism/admin/synthetic/suites/s1': () => ({ body: started ? (answers.length > 1 ? answers.shift() : answers[0]) : suiteWith(0, null) }),
      'POST /api/prism/admin/synthetic/suites/s1/generate': () => {
        started = true;
        return { status: 202, body: suiteWith(0, job(0, 'running')) };
      },
    });
    renderApp(<SyntheticTab readOnly={false} />, { route: '/routing-config?tab=synthetic&suite=s1' });
    await user.click(await screen.findByRole('button', { name: 'Generate 6 cases' }));
    const progress = await screen.findByTestId('generation-progress');
    expect(progress).toHaveTextContent('0/2 categories');
    await waitFor(() => expect(screen.getByTestId('generation-progress')).toHaveTextContent('2/2 categories · 4 cases added'), { timeout: 5000 });
    expect(within(screen.getByTestId('case-table')).getAllByRole('row')).toHaveLength(5); // header + 4 cases
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ tenantId: 't1', categories: [], countPerCategory: 3, languages: ['en'] });
  });

  it('adds a hand-written case and deletes one by saving the rest', async () => {
    const user = userEvent.setup();
    const { calls } = mockFetch({
      ...base,
      'GET /api/prism/admin/routing/test-suites': { body: [suiteWith(2, null)] },
      'GET /api/prism/admin/synthetic/suites/s1': { body: suiteWith(2, null) },
      'POST /api/prism/admin/synthetic/suites/s1/cases': { status: 201, body: { added: 1, total: 3 } },
      'PUT /api/prism/admin/routing/test-suites/s1': { body: suiteWith(1, null) },
    });
    renderApp(<SyntheticTab readOnly={false} />, { route: '/routing-config?tab=synthetic&suite=s1' });
    await user.click(await screen.findByRole('button', { name: 'Add case' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /^Prompt/ }), 'Explain a mutex');
    await user.type(within(dialog).getByRole('textbox', { name: /^Tags/ }), 'manual, short');
    await user.click(within(dialog).getByRole('button', { name: 'Save case' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ testCases: [{ prompt: 'Explain a mutex', systemPrompt: null, expectedTierMax: null, tags: ['manual', 'short'] }] });
    await user.click(screen.getByRole('button', { name: 'Delete case 1' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')?.body as { name: string; testCases: { _id: string }[] };
    expect(put.name).toBe('Smoke');
    expect(put.testCases.map((c) => c._id)).toEqual(['c1']);
  });

  it('compares the two newest runs by default, including one that finishes while the compare view is open', async () => {
    const user = userEvent.setup();
    const listed = (id: string, status: 'running' | 'done', at: string) => ({
      _id: id, testSuiteId: 's1', tenantId: 't1', status, createdAt: at, progress: { done: status === 'done' ? 2 : 1, total: 2 },
      summary: status === 'done' ? { total: 2, tierMatches: 2 } : {},
    });
    let polls = 0;
    const { calls } = mockFetch({
      ...base,
      'GET /api/prism/admin/routing/test-suites': { body: [suiteWith(2, null)] },
      'GET /api/prism/admin/synthetic/suites/s1': { body: suiteWith(2, null) },
      'GET /api/prism/admin/synthetic/runs': () => {
        polls += 1;
        return { body: [listed('r2', polls > 1 ? 'done' : 'running', '2026-01-02T00:00:00Z'), listed('r1', 'done', '2026-01-01T00:00:00Z')] };
      },
      'GET /api/prism/admin/synthetic/compare': {
        body: { runs: [], cases: [], changedCases: 0, deltas: {} },
      },
    });
    renderApp(<SyntheticTab readOnly={false} />, { route: '/routing-config?tab=synthetic&suite=s1&view=compare' });
    expect(await screen.findByText('Finish at least two runs of this suite to compare them.')).toBeInTheDocument();
    const compare = await screen.findByRole('button', { name: 'Compare' }, { timeout: 5000 }); // r2 finished
    expect(compare).toBeEnabled();
    await user.click(compare);
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/compare'))).toBe(true));
    expect(calls.find((c) => c.path.endsWith('/compare'))?.query.get('runIds')).toBe('r2,r1');
  });
});
