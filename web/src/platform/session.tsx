import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from './api';
import type { Role } from './labels';

export interface RoleAssignment {
  role: Role;
  libelle: string;
  perimetre: string;
}

export interface User {
  id: string;
  email: string;
  nom: string | null;
  roles: RoleAssignment[];
}

export interface SessionPayload {
  utilisateur: User | null;
  csrf: string | null;
  connexion: { oidc: null | { fournisseur: string } };
}

export interface SessionState {
  status: 'loading' | 'ready';
  user: User | null;
  /** True right after signing out in this tab (guarded pages then send to the "signed out" message). */
  signedOut: boolean;
  oidc: null | { fournisseur: string };
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  hasRole(role: Role): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

const SIGNED_OUT: SessionPayload = { utilisateur: null, csrf: null, connexion: { oidc: null } };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<'loading' | 'ready'>('loading');
  const [payload, setPayload] = useState<SessionPayload>(SIGNED_OUT);
  const [signedOut, setSignedOut] = useState(false);

  const apply = useCallback((next: SessionPayload) => {
    setCsrfToken(next.csrf);
    setPayload(next);
    if (next.utilisateur) setSignedOut(false);
    setStatus('ready');
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await api<SessionPayload>('/api/v1/session'));
    } catch {
      // Service unavailable: behave as signed out rather than blocking public pages.
      apply(SIGNED_OUT);
    }
  }, [apply]);

  const signOut = useCallback(async () => {
    try {
      await api<void>('/api/v1/auth/deconnexion', { method: 'POST' });
    } catch (error) {
      await refresh();
      throw error;
    }
    setSignedOut(true);
    apply({ ...SIGNED_OUT, connexion: payload.connexion });
  }, [apply, refresh, payload.connexion]);

  useEffect(() => {
    let cancelled = false;
    api<SessionPayload>('/api/v1/session')
      .then((next) => {
        if (!cancelled) apply(next);
      })
      .catch(() => {
        if (!cancelled) apply(SIGNED_OUT);
      });
    return () => {
      cancelled = true;
    };
  }, [apply]);

  const value = useMemo<SessionState>(
    () => ({
      status,
      user: payload.utilisateur,
      signedOut,
      oidc: payload.connexion?.oidc ?? null,
      refresh,
      signOut,
      hasRole: (role) => !!payload.utilisateur?.roles.some((r) => r.role === role),
    }),
    [status, payload, signedOut, refresh, signOut],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
