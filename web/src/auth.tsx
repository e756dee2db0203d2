// The signed-in user (GET /api/me) and what happens when the session ends.
import { createContext, useContext, useEffect } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { api, hasSession, isApiError, rememberMe, setApiHooks } from './api';
import { clearAllDrafts, markSessionExpired } from './drafts';
import { useI18n } from './i18n';
import type { Me } from './types';

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/me', undefined, { authProbe: true });
    rememberMe(me);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      // Expired, or unknown because the server already deleted it: either way a session ended.
      if (e.code === 'SESSION_EXPIRED' || hasSession()) markSessionExpired();
      rememberMe(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

// Provided by <RequireAuth>: children never observe a null user while the redirect happens.
const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; only for components rendered inside <RequireAuth>. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside RequireAuth');
  return me;
}

export function mustChangePassword(me: Me): boolean {
  return me.mustChangePassword || me.passwordExpired;
}

/** Only a local path may be a return target (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** Registers the API client's hooks: a lost session shows the sign-in page, drafts kept. */
export function SessionHooks() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    setApiHooks({
      sessionLost: () => {
        markSessionExpired();
        qc.setQueryData(ME_KEY, null); // RequireAuth now redirects to /login?next=…
      },
      passwordChangeRequired: () => {
        void qc.invalidateQueries({ queryKey: ME_KEY });
        navigate('/change-password', { replace: true });
      },
    });
  }, [qc, navigate]);
  return null;
}

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function RequireAuth({ children, allowPasswordChange }: { children: ReactNode; allowPasswordChange?: boolean }) {
  const { data: me, isPending, isError, refetch } = useMe();
  const loc = useLocation();
  const { t } = useI18n();
  if (isPending) return <FullPageSpin />;
  if (isError) {
    return (
      <main>
        <Result status="500" title={t('error.loadFailed')} extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />
      </main>
    );
  }
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (mustChangePassword(me) && !allowPasswordChange) return <Navigate to="/change-password" replace />;
  return <CurrentUserContext.Provider value={me}>{children}</CurrentUserContext.Provider>;
}

/** Signs out: 'this' session, 'everywhere', or 'local' when the server already ended it. */
export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { locale, setLocale } = useI18n();
  return async (mode: 'this' | 'everywhere' | 'local' = 'this') => {
    if (mode !== 'local') {
      try {
        await api.post(mode === 'everywhere' ? '/api/auth/logout-all' : '/api/auth/logout');
      } catch {
        /* signed out locally either way */
      }
    }
    setLocale(locale); // the server's Clear-Site-Data wiped localStorage: keep the language choice
    clearAllDrafts(); // also drops an "expired" mark a late 401 may have set
    rememberMe(null);
    navigate('/login', { replace: true });
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}
