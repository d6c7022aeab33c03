/** Base-URL hygiene for provider forms (providers.md §11: base only, no /v1). */

const WIZARD_SUFFIXES = ['/api/v1', '/v1', '/api'];

/** Gives the suffix that should be stripped from a provider base URL, or null when it is clean. */
export function apiSuffix(url: string, wizard = false): string | null {
  const clean = url.trim().replace(/\/+$/, '');
  if (wizard) return WIZARD_SUFFIXES.find((s) => clean.toLowerCase().endsWith(s)) ?? null;
  const m = clean.match(/\/v\d+$/i);
  return m ? m[0] : null;
}

/** Gives the base URL without the API suffix and trailing slashes. */
export function stripSuffix(url: string, wizard = false): string {
  const clean = url.trim().replace(/\/+$/, '');
  const suffix = apiSuffix(clean, wizard);
  return suffix ? clean.slice(0, clean.length - suffix.length) : clean;
}

/** Gives the gateway endpoint of a tenant as clients configure it. */
export function tenantEndpoint(origin: string, slug: string, isDefault?: boolean): string {
  return isDefault || slug === 'api' ? `${origin}/api/v1` : `${origin}/api/${slug}/v1`;
}
