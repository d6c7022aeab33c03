import { useEffect, useRef, useState } from 'react';
import { useMantineColorScheme } from '@mantine/core';
import { appearanceApi, type Appearance } from '../api/appearance';
import { chatApi } from '../api/chat';
import { promptAnalysesApi } from '../api/promptAnalyses';
import type { Me } from '../api/types';
import { can } from '../lib/roles';
import { applyCustomTheme } from '../lib/theme';

export interface FeatureFlags {
  chat: boolean;
  promptAnalyses: boolean;
  brand: string;
  loaded: boolean;
}

const APPEARANCE_KEY = 'prism_appearance';

function cachedAppearance(): Partial<Appearance> {
  try {
    return JSON.parse(localStorage.getItem(APPEARANCE_KEY) ?? '{}') as Partial<Appearance>;
  } catch {
    return {};
  }
}

/** Gives the document title for the branding settings. */
export function documentTitle(a: Partial<Appearance>): string {
  const brand = a.brandName?.trim() || 'Model Prism';
  if (a.pageTitle?.trim()) return a.pageTitle.replace(/\{brand\}/g, brand);
  return a.brandName?.trim() ? `${brand} — Open Model Prism` : 'Model Prism';
}

/** Loads the feature flags and branding after login (chat, prompt analyses, appearance). */
export function useFeatureFlags(user: Me | null): FeatureFlags {
  const [flags, setFlags] = useState<FeatureFlags>(() => ({
    chat: false,
    promptAnalyses: false,
    brand: cachedAppearance().brandName || 'Model Prism',
    loaded: false,
  }));
  const { setColorScheme } = useMantineColorScheme();
  const setScheme = useRef(setColorScheme);
  setScheme.current = setColorScheme;
  const userKey = user ? `${user.id}|${user.role}` : '';

  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    const role = user.role;
    const chat = can.writeConfig(role)
      ? chatApi.config().then((c) => c.enabled, () => false)
      : Promise.resolve(role === 'chat-user');
    const pa = can.writeConfig(role)
      ? promptAnalysesApi.settings().then((s) => Boolean(s.enabled), () => false)
      : Promise.resolve(false);
    const appearance = appearanceApi.get().catch(() => cachedAppearance() as Appearance);
    void Promise.all([chat, pa, appearance]).then(([chatEnabled, paEnabled, a]) => {
      if (cancelled) return;
      localStorage.setItem(APPEARANCE_KEY, JSON.stringify({ brandName: a.brandName, pageTitle: a.pageTitle, theme: a.theme }));
      document.title = documentTitle(a);
      const userChoice = localStorage.getItem('prism-color-scheme');
      if (a.theme === 'custom') {
        setScheme.current(applyCustomTheme(a.custom ?? {}) ? 'light' : 'dark');
      } else {
        applyCustomTheme(null);
        if (!userChoice) setScheme.current(a.theme === 'system' ? 'auto' : a.theme);
      }
      setFlags({ chat: chatEnabled, promptAnalyses: paEnabled, brand: a.brandName?.trim() || 'Model Prism', loaded: true });
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userKey]);

  return flags;
}
