import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { expectNoAxeViolations, launchBrowser, signInLinkFrom, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';

const ADMIN = 'admin.e2e@exemple.fr';

describe('connexion par lien magique (navigateur, vrai serveur SMTP)', () => {
  let smtp: TestSmtpServer;
  let app: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let usedLink = '';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [app, browser] = await Promise.all([startE2eServer({ SMTP_URL: smtp.url }), launchBrowser()]);
    await ensureUser(app.server.ctx.db, { email: ADMIN, nom: 'Camille Admin', roles: [{ role: 'admin', perimetre: 'national' }] });
    context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await smtp?.close();
  });

  it("demande un lien, le reçoit par e-mail, clique sur « Me connecter » et arrive sur Mon compte", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/connexion`);
    await waitForPage(page);
    await page.getByLabel(/Adresse e-mail/).fill(ADMIN);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await page.getByText('E-mail envoyé').waitFor({ state: 'visible' });

    const mail = await smtp.waitForMessage(ADMIN, 10_000);
    usedLink = signInLinkFrom(mail.text || mail.html);
    expect(usedLink.startsWith(app.baseUrl)).toBe(true);

    await page.goto(usedLink);
    await waitForPage(page);
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForURL(`${app.baseUrl}/compte`);
    await waitForPage(page, 'Mon compte');
    expect((await page.locator('#titre-page').textContent())?.trim()).toBe('Mon compte');
    expect(await page.getByTestId('compte-email').textContent()).toBe(ADMIN);
    await page.getByText('Administrateur').first().waitFor({ state: 'visible' });
    await page.getByText(/Tout le territoire national/).first().waitFor({ state: 'visible' });
  });

  for (const width of WIDTHS) {
    for (const path of ['/compte', '/admin/utilisateurs', '/admin/jetons']) {
      it(`${path} à ${width} px : aucune violation axe`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(app.baseUrl + path);
        await waitForPage(page);
        expect(page.url()).toBe(app.baseUrl + path);
        await page.locator('[role="status"]:has-text("Chargement")').waitFor({ state: 'detached' });
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page, `${path} @${width}px`);
      });
    }
  }

  it("l'administrateur ajoute une personne, crée un jeton affiché une seule fois, puis le révoque", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/admin/utilisateurs`);
    await waitForPage(page);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Ajouter cette personne' }) });
    // Error tied to its field.
    await form.getByRole('button', { name: 'Ajouter cette personne' }).click();
    const email = form.getByLabel(/Adresse e-mail/);
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(/Adresse e-mail/).fill('mediatrice.e2e@exemple.fr');
    await form.getByLabel(/Nom et prénom/).fill('Dominique Médiatrice');
    await form.getByLabel('Rôle').selectOption('mediateur');
    await form.getByLabel(/Périmètre/).fill('departement:86');
    await form.getByRole('button', { name: 'Ajouter cette personne' }).click();
    await page.getByText(/Le compte de mediatrice\.e2e@exemple\.fr a été créé/).waitFor({ state: 'visible' });
    await page.getByRole('cell', { name: 'mediatrice.e2e@exemple.fr' }).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, '/admin/utilisateurs après ajout');

    await page.goto(`${app.baseUrl}/admin/jetons`);
    await waitForPage(page);
    await page.getByLabel(/Nom du jeton/).fill('Cartographie e2e');
    await page.getByLabel(/Portées/).fill('lieux:lecture');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const secret = page.getByTestId('jeton-secret');
    const problem = page.locator('.fr-alert--error');
    await Promise.race([secret.waitFor({ state: 'visible' }), problem.waitFor({ state: 'visible' })]);
    if (await problem.isVisible()) throw new Error(`Création du jeton refusée : ${await problem.textContent()}`);
    expect((await secret.textContent())?.length).toBeGreaterThan(20);
    await page.getByText('il ne sera plus jamais affiché').waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, '/admin/jetons avec le secret affiché');
    await page.getByRole('button', { name: "J'ai copié le jeton, masquer" }).click();
    expect(await secret.count()).toBe(0);

    await page.getByRole('button', { name: 'Révoquer le jeton Cartographie e2e' }).click();
    await page.getByRole('button', { name: 'Oui, révoquer' }).click();
    await page.getByText(/Le jeton « Cartographie e2e » a été révoqué/).waitFor({ state: 'visible' });
    expect(await page.getByRole('cell', { name: 'Cartographie e2e' }).count()).toBe(0);
  });

  it('se déconnecte, puis un lien déjà utilisé affiche un message clair et le formulaire pour en demander un autre', async () => {
    await page.goto(`${app.baseUrl}/compte`);
    await waitForPage(page);
    await page.getByRole('main').getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion\?deconnecte=1$/);
    await page.getByText('Vous êtes déconnecté').waitFor({ state: 'visible' });

    // Signed out: the account page sends back to the sign-in page.
    await page.goto(`${app.baseUrl}/compte`);
    await page.waitForURL(/\/connexion\?retour=/);

    await page.goto(usedLink);
    await waitForPage(page);
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.getByText('Ce lien ne fonctionne plus').waitFor({ state: 'visible' });
    await page.getByText(/expiré ou a déjà été utilisé/).first().waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).waitFor({ state: 'visible' });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoAxeViolations(page, `/connexion/lien expiré @${width}px`);
    }
  });
});
