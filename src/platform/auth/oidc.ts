import { and, eq, gt, lt } from 'drizzle-orm';
import * as client from 'openid-client';
import type { OidcConfig } from '../config';
import type { Database } from '../db';
import { oidcStates, users } from './schema';
import { normalizeEmail } from './users';

const STATE_TTL_MS = 10 * 60_000;

/** Discovery is done once per process and per provider; a failure is not cached (the next attempt retries). */
const discoveries = new Map<string, Promise<client.Configuration>>();

export function oidcConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}`;
  let pending = discoveries.get(key);
  if (!pending) {
    pending = client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      oidc.clientSecret,
      undefined,
      oidc.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    discoveries.set(key, pending);
    pending.catch(() => discoveries.delete(key));
  }
  return pending;
}

export function oidcRedirectUri(publicUrl: string): string {
  return `${publicUrl}/auth/oidc/retour`;
}

/** Starts a sign-in: stores state, nonce and PKCE verifier; returns the provider's authorisation URL. */
export async function startOidcLogin(db: Database, oidc: OidcConfig, publicUrl: string, now: Date): Promise<URL> {
  const configuration = await oidcConfiguration(oidc);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  // Old attempts are useless: clear them on the way.
  await db.delete(oidcStates).where(lt(oidcStates.expiresAt, now));
  await db.insert(oidcStates).values({
    state,
    nonce,
    codeVerifier,
    returnTo: '/compte',
    createdAt: now,
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
  });
  return client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidcRedirectUri(publicUrl),
    scope: oidc.scopes,
    response_type: 'code',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

export type OidcCallbackOutcome =
  | {
      kind: 'signed_in';
      userId: string;
      returnTo: string;
      idToken: string | undefined;
      /** "given_name usual_name" from the provider, when the account has no name yet. */
      newDisplayName: string | undefined;
    }
  | { kind: 'unknown_account' }
  | { kind: 'failed'; reason: string };

/**
 * Finishes a sign-in: the state must be one we issued (consumed once, within 10 minutes), then the code is exchanged
 * (PKCE, nonce and issuer checked by openid-client) and the e-mail read from the ID token or userinfo.
 * Only an existing, enabled account may sign in: no self-registration.
 */
export async function finishOidcLogin(
  db: Database,
  oidc: OidcConfig,
  publicUrl: string,
  query: Record<string, string | undefined>,
  now: Date,
): Promise<OidcCallbackOutcome> {
  const state = query.state;
  if (!state) return { kind: 'failed', reason: 'missing state' };
  const [pending] = await db
    .delete(oidcStates)
    .where(and(eq(oidcStates.state, state), gt(oidcStates.expiresAt, now)))
    .returning();
  if (!pending) return { kind: 'failed', reason: 'unknown or expired state' };
  if (query.error) return { kind: 'failed', reason: `provider error: ${query.error}` };

  const configuration = await oidcConfiguration(oidc);
  const currentUrl = new URL(oidcRedirectUri(publicUrl));
  for (const [k, v] of Object.entries(query)) if (v !== undefined) currentUrl.searchParams.set(k, v);
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) return { kind: 'failed', reason: 'no id token' };
  let profile: Record<string, unknown> = claims;
  if (typeof claims.email !== 'string') {
    profile = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims };
  }
  const email = typeof profile.email === 'string' ? profile.email : undefined;
  const normalized = email ? normalizeEmail(email) : undefined;
  if (!normalized) return { kind: 'failed', reason: 'no e-mail claim' };
  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  if (!user || user.disabledAt) return { kind: 'unknown_account' };
  const name = [profile.given_name, profile.usual_name ?? profile.family_name]
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join(' ')
    .slice(0, 200);
  return {
    kind: 'signed_in',
    userId: user.id,
    returnTo: safeReturnTo(pending.returnTo),
    idToken: tokens.id_token,
    newDisplayName: !user.displayName && name ? name : undefined,
  };
}

/** Only local paths: never an open redirect. */
function safeReturnTo(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/compte';
}
