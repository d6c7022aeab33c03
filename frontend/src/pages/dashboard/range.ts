import type { RangeQuery } from '../../api/dashboard';

export const RANGES = [
  { value: 'h6', label: 'Last 6 h' },
  { value: 'h12', label: 'Last 12 h' },
  { value: 'h24', label: 'Last 24 h' },
  { value: 'd7', label: 'Last 7 d' },
  { value: 'd30', label: 'Last 30 d' },
  { value: 'd90', label: 'Last 90 d' },
  { value: 'custom', label: 'Custom' },
];

/** Gives the dashboard query for a range key (h<hours>, d<days> or custom from/to) and tenant. */
export function rangeQuery(range: string, tenantId: string | null, from?: string, to?: string): RangeQuery {
  const q: RangeQuery = {};
  if (tenantId) q.tenantId = tenantId;
  if (range === 'custom') {
    if (from) q.from = new Date(from).toISOString();
    if (to) q.to = new Date(to).toISOString();
  } else if (range.startsWith('h')) q.hours = Number(range.slice(1));
  else q.days = Number(range.slice(1));
  return q;
}

/** Gives the KPI subtitle for the range ("Last 30 days", "Last 6 hours", "Custom range"). */
export function rangeLabel(range: string): string {
  if (range === 'custom') return 'Custom range';
  const n = Number(range.slice(1));
  return range.startsWith('h') ? `Last ${n} hours` : `Last ${n} days`;
}
