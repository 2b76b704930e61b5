import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_CLAIMS, type ClaimMapping } from './auth-config';

/** The signed-in user, read from the token the identity provider issued (claims: sub, roles, orgs, exp). */
export interface Session {
  token: string;
  userId: string;
  label: string;
  roles: string[];
  orgs: string[];
  /** Seconds since the epoch. */
  expiresAt: number;
  /** Signed in as a demo user, or through the identity provider (sign-out then ends the provider's session too). */
  via?: 'demo' | 'oidc';
}

const STORAGE_KEY = 'party.session';

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** A claim by name, or by dotted path (`realm_access.roles`), as the gateway reads it. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let at: unknown = claims;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * The user as the gateway will see them: roles and organisations read from the access token
 * where the identity provider puts them (the same mapping as the gateway's), for what the UI
 * offers; the gateway decides what is allowed.
 */
export function sessionFromToken(token: string, label?: string, mapping: ClaimMapping = DEFAULT_CLAIMS, via: 'demo' | 'oidc' = 'demo'): Session {
  const claims = decodeClaims(token);
  const userId = String(claims.sub ?? '');
  const roles = names(claimAt(claims, mapping.rolesClaim)).map((r) => mapping.roleMap[r] ?? r);
  return {
    token,
    userId,
    label: label ?? userId,
    roles: [...new Set(roles)],
    orgs: names(claimAt(claims, mapping.scopeClaim)),
    expiresAt: Number(claims.exp ?? 0),
    via,
  };
}

/** Officers and administrators record decisions and see sensitive personal data; viewers only read. */
export function canRecord(session: Session | null): boolean {
  return !!session && session.roles.some((r) => r === 'ORG_OFFICER' || r === 'SYSTEM_ADMIN');
}
export const canSeeSensitive = canRecord;

function load(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.expiresAt * 1000 > Date.now() ? s : null;
  } catch {
    return null;
  }
}

interface SessionContextValue {
  session: Session | null;
  /** Why the last session ended, if it ended on its own (expired or refused token). */
  endedBecause: 'expired' | null;
  signIn: (token: string, label?: string, mapping?: ClaimMapping, via?: 'demo' | 'oidc') => Session;
  signOut: (reason?: 'expired') => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial !== undefined ? initial : load()));
  const [endedBecause, setEndedBecause] = useState<'expired' | null>(null);
  const signIn = useCallback((token: string, label?: string, mapping?: ClaimMapping, via?: 'demo' | 'oidc') => {
    const s = sessionFromToken(token, label, mapping, via);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } catch {
      // kept in memory only
    }
    setEndedBecause(null);
    setSession(s);
    return s;
  }, []);
  const signOut = useCallback((reason?: 'expired') => {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    setEndedBecause(reason ?? null);
    setSession(null);
  }, []);
  const value = useMemo(() => ({ session, endedBecause, signIn, signOut }), [session, endedBecause, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
