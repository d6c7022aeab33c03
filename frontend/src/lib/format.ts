/** Gives a USD amount with sensible precision ($0.0012, $12.34). */
export function usd(value: number | null | undefined, digits?: number): string {
  const v = Number(value ?? 0);
  if (digits !== undefined) return `$${v.toFixed(digits)}`;
  if (v === 0) return '$0.00';
  if (Math.abs(v) < 0.01) return `$${v.toFixed(4)}`;
  return `$${v.toFixed(2)}`;
}

/** Gives a compact token count (1.2K, 3.4M). */
export function compact(value: number | null | undefined): string {
  const v = Number(value ?? 0);
  if (Math.abs(v) >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e3) return `${(v / 1e3).toFixed(1)}K`;
  return String(Math.round(v));
}

/** Gives a percentage string for a 0..1 ratio. */
export function pct(ratio: number | null | undefined, digits = 0): string {
  return `${(Number(ratio ?? 0) * 100).toFixed(digits)}%`;
}

/** Gives a short local date-time for an ISO string ("—" when absent). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Gives "3 min ago"-style text for an ISO string. */
export function ago(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** Gives a duration in seconds as "2d 3h" / "4h 5m" / "6m". */
export function uptime(seconds: number | null | undefined): string {
  const s = Math.max(0, Number(seconds ?? 0));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  return `${m}m`;
}

/** Gives a URL-safe slug for a display name (providers.md §1). */
export function slugify(name: string, max = 48): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return s || 'provider';
}
