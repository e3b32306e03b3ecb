import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface OidcTestAccount {
  sub: string;
  email: string;
  given_name?: string;
  usual_name?: string;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>: use as OIDC_ISSUER, with OIDC_ALLOW_INSECURE=true. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider v8) on 127.0.0.1, random port, ProConnect-like:
 * authorisation code + PKCE (S256 required), claims email / given_name / usual_name, scopes
 * "openid email given_name usual_name", one confidential client (client_secret_basic) for `redirectUri`.
 *
 * How a test (or a browser) signs in, with the provider's built-in development interactions:
 * 1. Follow the app's redirect to the provider's /auth endpoint; it redirects (303) to /interaction/<uid>.
 *    Carry the cookies the provider sets (`_interaction`, `_interaction.sig`, later `_session`…).
 * 2. The "Sign-in" page has a form POSTing to /interaction/<uid>/login with the fields
 *    `prompt=login` (hidden), `login` (text input, placeholder "Enter any login": type the account `sub`)
 *    and `password` (password input, "and password": anything non-empty); submit with the button "Sign-in".
 * 3. The redirects lead to an "Authorize" consent page /interaction/<uid2>: a form POSTing
 *    `prompt=consent` to /interaction/<uid2>/confirm; submit with the button "Continue".
 * 4. The provider finally redirects (303) to `redirectUri?code=…&state=…&iss=…`.
 * A login that is not an account's sub is accepted by the form but the token exchange then fails (no account).
 * See `oidcSignIn` below for the same steps with fetch.
 */
export async function startOidcProvider(options: {
  accounts: OidcTestAccount[];
  redirectUri: string;
}): Promise<TestOidcProvider> {
  const clientId = 'maillage-test';
  const clientSecret = 'secret-de-test-maillage-0123456789abcdef';
  const httpServer: Server = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const port = (httpServer.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      given_name: ['given_name'],
      usual_name: ['usual_name'],
    },
    scopes: ['openid', 'email', 'given_name', 'usual_name'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['cle-de-test-des-cookies-oidc'] },
    async findAccount(_ctx, sub) {
      const account = options.accounts.find((a) => a.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: true,
            ...(account.given_name ? { given_name: account.given_name } : {}),
            ...(account.usual_name ? { usual_name: account.usual_name } : {}),
          };
        },
      };
    },
  });
  // Silence the provider's own error logs (expected failures in tests).
  provider.on('server_error', () => undefined);
  httpServer.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

/** A tiny cookie jar for fetch: enough to carry the provider's interaction cookies. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Drives the provider's development interactions with fetch: from the authorisation URL the app redirected to,
 * signs in as `sub`, consents, and returns the final redirect to the app (`redirectUri?code=…&state=…`).
 */
export async function oidcSignIn(authorizationUrl: string, sub: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    jar.store(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      // Leaving the provider: this is the redirect back to the application.
      if (next.origin !== new URL(authorizationUrl).origin) return next;
      url = next.href;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`Fournisseur OIDC : réponse ${response.status} sur ${url}\n${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`Fournisseur OIDC : pas de formulaire sur ${url}`);
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login: sub, password: 'x' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('Fournisseur OIDC : trop de redirections');
}
