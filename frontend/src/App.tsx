import { Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { setupApi } from './api/setup';
import { errorMessage } from './api/client';
import { ErrorAlert } from './components/DataState';
import { AuthProvider, useAuth } from './hooks/useAuth';
import { useFeatureFlags } from './hooks/useFeatureFlags';
import { LoginPage } from './pages/LoginPage';
import { SetupWizard, SETUP_ACTIVE_KEY } from './pages/setup/SetupWizard';
import { PublicChatPage, PublicConfigPage } from './pages/PublicPages';
import { AppRoutes } from './AppRoutes';
import { TourProvider } from './tour/TourProvider';
import { Shell } from './components/Shell';

function Authenticated() {
  const { user, checking } = useAuth();
  const flags = useFeatureFlags(user);
  const location = useLocation();
  if (checking) return <FullLoader />;
  if (!user) {
    if (location.pathname !== '/login') return <Navigate to="/login" replace state={{ from: location.pathname }} />;
    return <LoginPage />;
  }
  if (location.pathname === '/login') return <Navigate to="/" replace />;
  return (
    <TourProvider>
      <Shell flags={flags} brand={flags.brand}>
        <AppRoutes user={user} flags={flags} />
      </Shell>
    </TourProvider>
  );
}

function FullLoader() {
  return (
    <Center h="100vh" aria-busy="true">
      <Loader />
    </Center>
  );
}

/** Boot sequence: setup status → wizard, public pages, or login and the app (frontend.md §1). */
export function App() {
  const [setupComplete, setSetupComplete] = useState<boolean | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  const check = useCallback(async () => {
    try {
      const { setupComplete: done } = await setupApi.status();
      setSetupComplete(done && !sessionStorage.getItem(SETUP_ACTIVE_KEY));
      setBootError(null);
    } catch (err) {
      setBootError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const onSignedOut = useCallback(() => navigate('/login'), [navigate]);

  if (location.pathname.startsWith('/public/') || location.pathname === '/public-chat') {
    return (
      <Routes>
        <Route path="/public/config" element={<PublicConfigPage />} />
        <Route path="/public/chat" element={<PublicChatPage />} />
        <Route path="*" element={<Navigate to="/public/chat" replace />} />
      </Routes>
    );
  }
  if (bootError)
    return (
      <Center h="100vh" p="md">
        <ErrorAlert title="Model Prism is not reachable" error={bootError} onRetry={() => void check()} />
      </Center>
    );
  if (setupComplete === null) return <FullLoader />;
  if (!setupComplete)
    return (
      <SetupWizard
        onFinished={() => {
          setSetupComplete(true);
          navigate('/models');
        }}
      />
    );
  return (
    <AuthProvider onSignedOut={onSignedOut}>
      <Authenticated />
    </AuthProvider>
  );
}
