import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth';
import { ApiError, setUnauthorizedHandler, tokenStore } from '../api/client';
import { userFromToken } from '../lib/jwt';
import type { Me } from '../api/types';

interface AuthState {
  user: Me | null;
  /** true until the stored token has been checked with /auth/me */
  checking: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Provides the signed-in user; drops the token when the server rejects it. */
export function AuthProvider({ children, onSignedOut }: { children: ReactNode; onSignedOut?: () => void }) {
  const [user, setUser] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);

  const refresh = useCallback(async () => {
    if (!tokenStore.get()) {
      setUser(null);
      setChecking(false);
      return;
    }
    try {
      setUser(await authApi.me());
    } catch (err) {
      // only a rejected token ends the session; a rate limit or an outage must not log the user out
      const fallback = err instanceof ApiError && err.status === 401 ? null : userFromToken(tokenStore.get());
      if (!fallback) tokenStore.clear();
      setUser(fallback);
    } finally {
      setChecking(false);
    }
  }, []);

  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      signedOut.current?.();
    });
    void refresh();
  }, [refresh]);

  const login = useCallback(async (username: string, password: string) => {
    const res = await authApi.login(username, password);
    let me: Me;
    try {
      me = await authApi.me();
    } catch {
      me = { id: '', username: res.username, role: res.role };
    }
    setUser(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    await authApi.logout();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, checking, login, logout, refresh }), [user, checking, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Gives the auth state; throws outside the provider. */
export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
