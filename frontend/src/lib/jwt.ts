import type { Me, Role } from '../api/types';

/** Gives the user encoded in a JWT's claims (sub, username, role, tenants), or null when unreadable or expired. */
export function userFromToken(token: string | null, now = Date.now()): Me | null {
  if (!token) return null;
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const c = JSON.parse(json) as { sub?: string; id?: string; username?: string; role?: Role; tenants?: string[]; exp?: number };
    if (!c.role || !c.username) return null;
    if (c.exp && c.exp * 1000 <= now) return null;
    return { id: String(c.sub ?? c.id ?? ''), username: c.username, role: c.role, tenants: c.tenants ?? [] };
  } catch {
    return null;
  }
}
