import { api } from './client';

export interface LdapConfig {
  enabled: boolean;
  url?: string;
  bindDn?: string;
  bindPassword?: string;
  searchBase?: string;
  searchFilter?: string;
  defaultRole?: string;
  groupMapping?: { groupDn: string; role: string }[];
  tlsInsecure?: boolean;
}

/** LDAP / Active Directory settings (`/api/prism/admin/ldap`). */
export const ldapApi = {
  get: () => api.get<LdapConfig>('/admin/ldap'),
  save: (body: LdapConfig) => api.put<LdapConfig>('/admin/ldap', body),
  test: (body: Pick<LdapConfig, 'url' | 'bindDn' | 'bindPassword' | 'tlsInsecure'>) =>
    api.post<{ success: boolean; message?: string; error?: string }>('/admin/ldap/test', body),
};
