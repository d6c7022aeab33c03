import type { Role } from '../api/types';

export const GLOBAL_ROLES: Role[] = ['admin', 'maintainer', 'finops', 'auditor'];
export const TENANT_ROLES: Role[] = ['tenant-maintainer', 'tenant-admin', 'tenant-viewer'];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Admin — full system access',
  maintainer: 'Maintainer — config management',
  finops: 'FinOps — cost visibility (no prompts)',
  auditor: 'Auditor — read-only global',
  'tenant-maintainer': 'Tenant Maintainer — keys, overrides, budgets',
  'tenant-admin': 'Tenant Admin — model whitelist/blacklist',
  'tenant-viewer': 'Tenant Viewer — dashboard read-only',
  'chat-user': 'Chat User — chat only (LDAP default)',
};

export const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  maintainer: 'orange',
  finops: 'teal',
  'tenant-viewer': 'blue',
  'tenant-admin': 'cyan',
};

/** Who may see and who may change each area (tenants-and-admin.md §3.4). */
export const can = {
  writeConfig: (r: Role) => r === 'admin' || r === 'maintainer',
  readConfig: (r: Role) => GLOBAL_ROLES.includes(r),
  system: (r: Role) => r === 'admin' || r === 'maintainer' || r === 'auditor',
  requestLog: (r: Role) => GLOBAL_ROLES.includes(r) || r === 'tenant-maintainer' || r === 'tenant-viewer',
  dashboard: (r: Role) => GLOBAL_ROLES.includes(r) || r === 'tenant-maintainer',
  myTenant: (r: Role) => TENANT_ROLES.includes(r) || r === 'admin' || r === 'maintainer',
  admin: (r: Role) => r === 'admin',
  audit: (r: Role) => r === 'admin' || r === 'maintainer' || r === 'auditor',
  webhooks: (r: Role) => r === 'admin' || r === 'maintainer' || r === 'auditor',
};

export interface NavItem {
  label: string;
  path: string;
  section: 'main' | 'account' | 'admin' | 'help';
  visible: (role: Role, flags: { chat: boolean; promptAnalyses: boolean }) => boolean;
  tour?: string;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Dashboard', path: '/', section: 'main', visible: (r) => can.dashboard(r) },
  { label: 'Chat', path: '/chat', section: 'main', visible: (_r, f) => f.chat },
  { label: 'Providers', path: '/providers', section: 'main', visible: can.writeConfig },
  { label: 'Models', path: '/models', section: 'main', visible: can.writeConfig },
  { label: 'Tenants', path: '/tenants', section: 'main', visible: can.readConfig },
  { label: 'Categories', path: '/categories', section: 'main', visible: can.readConfig },
  { label: 'Routing Config', path: '/routing-config', section: 'main', visible: can.readConfig },
  { label: 'System', path: '/system', section: 'main', visible: can.system },
  { label: 'Request Log', path: '/requests', section: 'main', visible: can.requestLog },
  {
    label: 'Prompt Analyses',
    path: '/prompt-analyzer',
    section: 'main',
    visible: (r, f) => f.promptAnalyses && can.writeConfig(r),
  },
  { label: 'My Tenant', path: '/my-tenant', section: 'account', visible: (r) => TENANT_ROLES.includes(r) },
  { label: 'Users', path: '/users', section: 'admin', visible: can.admin },
  { label: 'Webhooks', path: '/webhooks', section: 'admin', visible: can.webhooks },
  { label: 'Audit Trail', path: '/audit', section: 'admin', visible: can.audit },
  { label: 'Settings', path: '/settings', section: 'admin', visible: can.admin },
  { label: 'IDE Setup', path: '/ide-setup', section: 'help', visible: () => true },
];

/** Gives the navigation items a role may see. */
export function navFor(role: Role, flags: { chat: boolean; promptAnalyses: boolean }): NavItem[] {
  if (role === 'chat-user') return [];
  return NAV_ITEMS.filter((item) => item.visible(role, flags));
}

/** Gives the landing page of a role. */
export function homeFor(role: Role): string {
  if (role === 'chat-user') return '/chat';
  if (role === 'tenant-admin' || role === 'tenant-viewer') return '/my-tenant';
  return '/';
}
