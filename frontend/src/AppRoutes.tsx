import { Navigate, Route, Routes } from 'react-router';
import type { Me } from './api/types';
import type { FeatureFlags } from './hooks/useFeatureFlags';
import { can, homeFor } from './lib/roles';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { ProvidersPage } from './pages/providers/ProvidersPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { TenantsPage } from './pages/tenants/TenantsPage';
import { CategoriesPage } from './pages/CategoriesPage';
import { RoutingConfigPage } from './pages/routing/RoutingConfigPage';
import { RequestLogPage } from './pages/requests/RequestLogPage';
import { SystemPage } from './pages/SystemPage';
import { UsersPage } from './pages/UsersPage';
import { LdapPage } from './pages/LdapPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { AuditPage } from './pages/AuditPage';
import { SettingsPage } from './pages/SettingsPage';
import { MyTenantPage } from './pages/MyTenantPage';
import { IdeSetupPage } from './pages/IdeSetupPage';
import { ChatPage } from './pages/ChatPage';
import { DocsPage } from './pages/DocsPage';
import { PromptAnalysesPage } from './pages/PromptAnalysesPage';

/** Routes of the signed-in app; pages a role may not see redirect to its home page. */
export function AppRoutes({ user, flags }: { user: Me; flags: FeatureFlags }) {
  const role = user.role;
  const home = homeFor(role);
  const guard = (allowed: boolean, el: React.ReactNode) => (allowed ? el : <Navigate to={home} replace />);
  if (role === 'chat-user') {
    return (
      <Routes>
        <Route path="/chat" element={<ChatPage />} />
        <Route path="*" element={<Navigate to="/chat" replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/" element={guard(can.dashboard(role), <DashboardPage />)} />
      <Route path="/chat" element={<ChatPage />} />
      <Route path="/providers" element={guard(can.writeConfig(role), <ProvidersPage />)} />
      <Route path="/models" element={guard(can.writeConfig(role), <ModelsPage />)} />
      <Route path="/tenants" element={guard(can.readConfig(role), <TenantsPage />)} />
      <Route path="/categories" element={guard(can.readConfig(role), <CategoriesPage />)} />
      <Route path="/routing-config" element={guard(can.readConfig(role), <RoutingConfigPage />)} />
      <Route path="/system" element={guard(can.system(role), <SystemPage />)} />
      <Route path="/requests" element={guard(can.requestLog(role), <RequestLogPage />)} />
      <Route path="/failed" element={guard(can.readConfig(role) || role === 'finops', <RequestLogPage failedOnly />)} />
      <Route path="/prompt-analyzer" element={guard(can.writeConfig(role) && flags.promptAnalyses, <PromptAnalysesPage />)} />
      <Route path="/my-tenant" element={guard(can.myTenant(role), <MyTenantPage />)} />
      <Route path="/users" element={guard(can.admin(role), <UsersPage />)} />
      <Route path="/ldap" element={guard(can.admin(role), <LdapPage />)} />
      <Route path="/settings" element={guard(can.admin(role), <SettingsPage />)} />
      <Route path="/webhooks" element={guard(can.webhooks(role), <WebhooksPage />)} />
      <Route path="/audit" element={guard(can.audit(role), <AuditPage />)} />
      <Route path="/ide-setup" element={<IdeSetupPage />} />
      <Route path="/docs" element={<DocsPage />} />
      <Route path="*" element={<Navigate to={home} replace />} />
    </Routes>
  );
}
