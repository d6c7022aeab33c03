import { describe, expect, it } from 'vitest';
import { caseFromForm, cellText, findingHref, findingLabel, generationSize, isActive, modelRef, pickRun, progressPercent, signedUsd } from '../logic';

describe('synthetic job state', () => {
  it('treats running and cancelling as active, everything else as finished', () => {
    expect(['running', 'cancelling'].map((s) => isActive(s as never))).toEqual([true, true]);
    expect(['done', 'failed', 'cancelled', 'interrupted', undefined].map((s) => isActive(s as never))).toEqual([false, false, false, false, false]);
  });

  it('gives whole percent of progress, 0 without a total and never above 100', () => {
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 3, total: 3 })).toBe(100);
    expect(progressPercent({ done: 4, total: 3 })).toBe(100);
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
    expect(progressPercent(null)).toBe(0);
  });

  it('picks the run named in the URL, else the running one, else the newest', () => {
    const runs = [{ _id: 'new', status: 'done' as const }, { _id: 'live', status: 'running' as const }, { _id: 'old', status: 'done' as const }];
    expect(pickRun(runs, 'old')?._id).toBe('old');
    expect(pickRun(runs, 'gone')?._id).toBe('live');
    expect(pickRun([runs[0], runs[2]], null)?._id).toBe('new');
    expect(pickRun([], 'x')).toBeNull();
  });
});

describe('synthetic form values', () => {
  it('splits a model key on the first bar only and gives nothing for the tenant classifier', () => {
    expect(modelRef('p1|openai/gpt-4o|x')).toEqual({ providerId: 'p1', modelId: 'openai/gpt-4o|x' });
    expect(modelRef(null)).toEqual({});
    expect(modelRef('p1|')).toEqual({});
  });

  it('sizes a generation by picked categories or all of them', () => {
    expect(generationSize(0, 52, 5)).toBe(260);
    expect(generationSize(2, 52, 5)).toBe(10);
  });

  it('turns the case form into a stored case', () => {
    expect(caseFromForm({ prompt: '  Fix the bug ', systemPrompt: ' ', expectedCategory: 'coding_simple', expectedTierMin: 'low', expectedTierMax: null, tags: 'a, ,b' })).toEqual({
      prompt: 'Fix the bug', systemPrompt: null, expectedCategory: 'coding_simple', expectedTierMin: 'low', expectedTierMax: null, tags: ['a', 'b'],
    });
  });

  it('signs money deltas and prints compare cells', () => {
    expect([signedUsd(0.012), signedUsd(-0.004), signedUsd(0)]).toEqual(['+$0.0120', '−$0.0040', '$0.0000']);
    expect(cellText({ tier: 'low', category: 'translation' })).toBe('low · translation');
    expect(cellText(null)).toBe('—');
  });
});

describe('finding links', () => {
  it('opens the rule set, the category or the tenant override a finding points at', () => {
    expect(findingHref({ kind: 'rule', ruleSetId: 'rs1', rule: 'security & auth' })).toBe('/routing-config?tab=keywords&ruleSet=rs1&rule=security+%26+auth');
    expect(findingHref({ kind: 'category', categoryId: 'c1', category: 'translation' })).toBe('/categories?category=translation&id=c1');
    expect(findingHref({ kind: 'override', tenantId: 't1', override: 'domainGate' })).toBe('/tenants?tenant=t1&tab=routing&override=domainGate');
    expect(findingLabel({ kind: 'override', tenantId: 't1', override: 'domainGate' })).toBe('Override domainGate');
  });
});
