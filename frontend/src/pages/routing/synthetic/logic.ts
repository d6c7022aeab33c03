import type { FindingTarget, JobStatus, ModelRef } from '../../../api/routing';

/** Gives true while a background job (run, generation, evaluation) is still going. */
export function isActive(status: JobStatus | null | undefined): boolean {
  return status === 'running' || status === 'cancelling';
}

/** Gives the completed share of a job in whole percent (0 when nothing is known, 100 at most). */
export function progressPercent(p: { done?: number; total?: number } | null | undefined): number {
  if (!p?.total) return 0;
  return Math.min(100, Math.round((100 * (p.done ?? 0)) / p.total));
}

/** Gives the badge colour of a job status. */
export function statusColor(status: JobStatus | null | undefined): string {
  return ({ running: 'blue', cancelling: 'orange', done: 'green', failed: 'red', cancelled: 'gray', interrupted: 'yellow' } as Record<string, string>)[status ?? ''] ?? 'gray';
}

/** Gives the Select value for a provider model ("providerId|modelId"). */
export function modelKey(providerId: string, modelId: string): string {
  return `${providerId}|${modelId}`;
}

/** Gives {providerId, modelId} of a model key, or {} for none (the tenant's classifier answers then). */
export function modelRef(key: string | null | undefined): Pick<ModelRef, 'providerId' | 'modelId'> {
  if (!key) return {};
  const [providerId, ...rest] = key.split('|');
  const modelId = rest.join('|');
  return providerId && modelId ? { providerId, modelId } : {};
}

/** Gives how many cases a generation asks for: count × (picked categories, or all of them when none is picked). */
export function generationSize(picked: number, allCategories: number, countPerCategory: number): number {
  return (picked || allCategories) * countPerCategory;
}

export const MAX_CASES_PER_JOB = 600;

/** Gives the in-app link that opens what a finding points at: a rule set's rules, a category, a tenant's overrides. */
export function findingHref(target: FindingTarget): string {
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  switch (target.kind) {
    case 'rule':
      return `/routing-config?${q({ tab: 'keywords', ruleSet: target.ruleSetId, rule: target.rule })}`;
    case 'category':
      return `/categories?${q({ category: target.category, id: target.categoryId })}`;
    case 'override':
      return `/tenants?${q({ tenant: target.tenantId, tab: 'routing', override: target.override })}`;
  }
}

/** Gives the link text of a finding's target. */
export function findingLabel(target: FindingTarget): string {
  if (target.kind === 'rule') return `Rule “${target.rule}”`;
  if (target.kind === 'category') return `Category ${target.category}`;
  return `Override ${target.override}`;
}

/** Gives the run to show: the one named in the URL if listed, else the newest running one, else the newest. */
export function pickRun<T extends { _id: string; status: JobStatus }>(runs: T[], wanted: string | null): T | null {
  return runs.find((r) => r._id === wanted) ?? runs.find((r) => isActive(r.status)) ?? runs[0] ?? null;
}

/** Gives a signed money delta ("+$0.0120", "−$0.0040", "$0.0000"). */
export function signedUsd(value: number | null | undefined, digits = 4): string {
  const v = value ?? 0;
  const abs = `$${Math.abs(v).toFixed(digits)}`;
  return v > 0 ? `+${abs}` : v < 0 ? `−${abs}` : abs;
}

/** Gives the hand-written case to store: trimmed fields, empty ones dropped, tags split on commas. */
export function caseFromForm(f: { prompt: string; systemPrompt: string; expectedCategory: string | null; expectedTierMin: string | null; expectedTierMax: string | null; tags: string }) {
  return {
    prompt: f.prompt.trim(),
    systemPrompt: f.systemPrompt.trim() || null,
    expectedCategory: f.expectedCategory || undefined,
    expectedTierMin: f.expectedTierMin || undefined,
    expectedTierMax: f.expectedTierMax || null,
    tags: f.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
}

/** Gives the badge colour of an evaluation score: green ≥ 80, yellow ≥ 50, red below. */
export function scoreColor(score: number): string {
  return score >= 80 ? 'green' : score >= 50 ? 'yellow' : 'red';
}

/** Gives the compare cell's text: tier · category (or "—" when the case is missing from that run). */
export function cellText(cell: { tier?: string | null; category?: string | null } | null): string {
  return cell ? `${cell.tier ?? '—'} · ${cell.category ?? '—'}` : '—';
}
