import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyntheticRun } from '../../../../api/routing';
import { mockFetch, renderApp } from '../../../../test/utils';
import { SyntheticTab } from '../../SyntheticTab';
import { RunView } from '../RunView';

afterEach(() => vi.unstubAllGlobals());

const row = (n: number) => ({ testCaseId: `c${n}`, prompt: `Prompt ${n}`, tierMatch: true, categoryMatch: n !== 2, category: 'analysis_simple', finalTier: 'low', confidence: 0.9 });
const run = (done: number, status: SyntheticRun['status'], extra: Partial<SyntheticRun> = {}): SyntheticRun => ({
  _id: 'r1', testSuiteId: 's1', tenantId: 't1', status, createdAt: '2026-01-01T00:00:00Z',
  progress: { done, total: 3 }, results: Array.from({ length: done }, (_, i) => row(i + 1)),
  summary: status === 'done' ? { total: 3, tierMatches: 3, categoryMatches: 2, avgConfidence: 0.9, avgRoutingMs: 1, tierDistribution: { low: 3 } } : {},
  ...extra,
});

describe('live run view', () => {
  it('polls a running run: the counter and rows grow until it is done, then the summary shows', async () => {
    const answers = [run(1, 'running'), run(2, 'running'), run(3, 'done')];
    const { calls } = mockFetch({ 'GET /api/prism/admin/synthetic/runs/r1': () => ({ body: answers.length > 1 ? answers.shift() : answers[0] }) });
    const onFinished = vi.fn();
    renderApp(<RunView runId="r1" modelOptions={[]} readOnly={false} onFinished={onFinished} />);
    expect(await screen.findByTestId('run-counter')).toHaveTextContent('1/3 cases routed');
    expect(screen.getAllByTestId('run-row')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('run-counter')).toHaveTextContent('3/3 cases routed'), { timeout: 5000 });
    expect(screen.getAllByTestId('run-row')).toHaveLength(3);
    expect(screen.getByTestId('run-progress')).toHaveAttribute('data-status', 'done');
    expect(screen.getByText('Cat mismatch')).toBeInTheDocument();
    expect(screen.getByText('2/3')).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    const polls = calls.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls.length).toBe(polls); // a finished run is not polled any more
  });

  it('tells the list to refresh when a run listed as running has already finished', async () => {
    mockFetch({ 'GET /api/prism/admin/synthetic/runs/r1': { body: run(3, 'done') } });
    const onFinished = vi.fn();
    renderApp(<RunView runId="r1" listedStatus="running" modelOptions={[]} readOnly={false} onFinished={onFinished} />);
    expect(await screen.findByTestId('run-counter')).toHaveTextContent('3/3 cases routed');
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(screen.getAllByText('any')).toHaveLength(3); // no expected tier range
  });

  it('cancels a running run', async () => {
    const user = userEvent.setup();
    const { calls } = mockFetch({
      'GET /api/prism/admin/synthetic/runs/r1': { body: run(1, 'running') },
      'POST /api/prism/admin/synthetic/runs/r1/cancel': { body: run(1, 'cancelling') },
    });
    renderApp(<RunView runId="r1" modelOptions={[]} readOnly={false} onFinished={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Cancel run' }));
    expect(await screen.findByTestId('run-status')).toHaveTextContent('cancelling');
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/cancel'))).toBe(true);
  });

  it('starts an evaluation with the tenant classifier and polls until its findings arrive', async () => {
    const user = userEvent.setup();
    const done = { model: 'm', score: 90, analysis: 'Good routing.', findings: [{ type: 'quality_risk' as const, text: 'Watch legal prompts', target: { kind: 'rule' as const, ruleSetId: 'rs1', rule: 'legal' } }], job: { status: 'done' as const } };
    const answers = [run(3, 'done'), run(3, 'done', { evaluation: { job: { status: 'running', model: 'm' } } }), run(3, 'done', { evaluation: done })];
    const { calls } = mockFetch({
      'GET /api/prism/admin/synthetic/runs/r1': () => ({ body: answers.length > 1 ? answers.shift() : answers[0] }),
      'POST /api/prism/admin/synthetic/runs/r1/evaluate': { status: 202, body: run(3, 'done', { evaluation: { job: { status: 'running', model: 'm' } } }) },
    });
    renderApp(<RunView runId="r1" modelOptions={[]} readOnly={false} onFinished={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'AI Evaluate' }));
    expect(await screen.findByText('Evaluating with m…')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ tenantId: 't1' });
    const finding = await screen.findByTestId('finding', {}, { timeout: 5000 });
    expect(within(finding).getByRole('link', { name: /Rule “legal”/ })).toHaveAttribute('href', '/routing-config?tab=keywords&ruleSet=rs1&rule=legal');
    expect(screen.queryByText('Evaluating with m…')).not.toBeInTheDocument();
  });

  it('shows evaluator findings with a link to what they point at', async () => {
    const evaluation = { model: 'gpt-4o', score: 72, analysis: 'Mostly fine.', findings: [
      { type: 'misrouted' as const, text: 'Should be translation', case: 2, suggestedCategory: 'translation', target: { kind: 'category' as const, categoryId: 'c9', category: 'translation' } },
      { type: 'cost_saving' as const, text: 'Gate less', target: { kind: 'override' as const, tenantId: 't1', override: 'domainGate' } },
    ] };
    mockFetch({ 'GET /api/prism/admin/synthetic/runs/r1': { body: run(3, 'done', { evaluation }) } });
    renderApp(<RunView runId="r1" modelOptions={[]} readOnly={false} onFinished={() => {}} />);
    const findings = await screen.findAllByTestId('finding');
    expect(findings).toHaveLength(2);
    expect(within(findings[0]).getByRole('link', { name: /Category translation/ })).toHaveAttribute('href', '/categories?category=translation&id=c9');
    expect(within(findings[1]).getByRole('link', { name: /Override domainGate/ })).toHaveAttribute('href', '/tenants?tenant=t1&tab=routing&override=domainGate');
  });
});

describe('synthetic tab after a reload', () => {
  it('re-reads the suite and its runs from the URL and shows the running run live', async () => {
    const suite = { _id: 's1', name: 'Smoke', testCases: [{ _id: 'c1', prompt: 'Prompt 1' }], generation: null };
    mockFetch({
      'GET /api/prism/admin/routing/test-suites': { body: [suite] },
      'GET /api/prism/admin/synthetic/jobs': { body: { runs: [run(1, 'running', { results: undefined })], generations: [], evaluations: [] } },
      'GET /api/prism/admin/tenants': { body: [{ _id: 't1', name: 'Default', isDefault: true }] },
      'GET /api/prism/admin/categories': { body: [] },
      'GET /api/prism/admin/providers/models/all': { body: [] },
      'GET /api/prism/admin/synthetic/suites/s1': { body: suite },
      'GET /api/prism/admin/synthetic/runs': { body: [run(1, 'running', { results: undefined })] },
      'GET /api/prism/admin/synthetic/runs/r1': { body: run(1, 'running') },
    });
    renderApp(<SyntheticTab readOnly={false} />, { route: '/routing-config?tab=synthetic&suite=s1&view=runs' });
    expect(await screen.findByTestId('run-counter')).toHaveTextContent('1/3 cases routed');
    expect(screen.getByRole('tab', { name: /Runs/ })).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByText('Running in the background')).not.toBeInTheDocument(); // the job is this suite's own
  });
});
