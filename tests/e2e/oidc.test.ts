import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc';
import { expectNoAxeViolations, freePort, launchBrowser, startE2eServer, waitForPage, type E2eServer } from './helpers';

const AGENT = 'agent.e2e@exemple.gouv.fr';

describe('connexion avec ProConnect (navigateur, vrai fournisseur OpenID Connect local)', () => {
  let provider: TestOidcProvider;
  let app: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOidcProvider({
      accounts: [
        { sub: 'agent-e2e', email: AGENT, given_name: 'Alex', usual_name: 'Agent' },
        { sub: 'inconnu-e2e', email: 'inconnu.e2e@exemple.gouv.fr' },
      ],
      redirectUri: `http://127.0.0.1:${port}/auth/oidc/retour`,
    });
    [app, browser] = await Promise.all([
      startE2eServer(
        {
          OIDC_ISSUER: provider.issuer,
          OIDC_CLIENT_ID: provider.clientId,
          OIDC_CLIENT_SECRET: provider.clientSecret,
          OIDC_ALLOW_INSECURE: 'true',
        },
        { port },
      ),
      launchBrowser(),
    ]);
    await ensureUser(app.server.ctx.db, { email: AGENT, nom: 'Alex Agent', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await provider?.close();
  });

  async function signInAt(sub: string) {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/connexion`);
    await waitForPage(page);
    await page.getByRole('heading', { name: 'Se connecter avec ProConnect' }).waitFor({ state: 'visible' });
    await page.getByRole('link', { name: /S.identifier avec ProConnect/ }).click();

    // The provider's development sign-in page, then its consent page.
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill(sub);
    await page.locator('input[name="password"]').fill('mot-de-passe-quelconque');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    return page;
  }

  it('la page de connexion montre le bouton ProConnect sans violation axe', async () => {
    const page = await context.newPage();
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.baseUrl}/connexion`);
      await waitForPage(page);
      await page.getByRole('link', { name: /S.identifier avec ProConnect/ }).waitFor({ state: 'visible' });
      await expectNoAxeViolations(page, `/connexion avec ProConnect @${width}px`);
    }
    await page.close();
  });

  it("s'identifie chez le fournisseur, consent et arrive sur Mon compte", async () => {
    const page = await signInAt('agent-e2e');
    await page.waitForURL(`${app.baseUrl}/compte`);
    await waitForPage(page);
    expect(await page.getByTestId('compte-email').textContent()).toBe(AGENT);
    await page.getByText('Gestionnaire de territoire').first().waitFor({ state: 'visible' });
    await page.getByText(/Département 86/).first().waitFor({ state: 'visible' });

    // The territory manager's navigation and page.
    await page.getByRole('link', { name: 'Utilisateurs de mon territoire' }).first().click();
    await page.waitForURL(`${app.baseUrl}/territoire/utilisateurs`);
    await waitForPage(page);
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('titre-page');
    await page.locator('[role="status"]:has-text("Chargement")').waitFor({ state: 'detached' });
    await expectNoAxeViolations(page, '/territoire/utilisateurs @1280px');
    await page.close();
  });

  it('une identité sans compte Maillage revient sur la connexion avec un message clair', async () => {
    await context.clearCookies();
    const page = await signInAt('inconnu-e2e');
    await page.waitForURL(`${app.baseUrl}/connexion?erreur=compte-inconnu`);
    await waitForPage(page);
    await page.getByText('Aucun compte Maillage pour cette identité').waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, '/connexion?erreur=compte-inconnu');
    await page.close();
  });
});
