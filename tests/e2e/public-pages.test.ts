import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, inPage, launchBrowser, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';

const PUBLIC_PAGES: Array<{ path: string; heading: string | RegExp; title: RegExp }> = [
  { path: '/', heading: 'Maillage', title: /^Maillage$/ },
  { path: '/connexion', heading: 'Se connecter', title: /^Se connecter — Maillage$/ },
  { path: '/connexion/lien?jeton=exemple', heading: 'Se connecter', title: /Se connecter/ },
  { path: '/connexion/lien', heading: 'Lien de connexion incomplet', title: /incomplet/ },
  { path: '/mentions-legales', heading: 'Mentions légales', title: /Mentions légales/ },
  { path: '/accessibilite', heading: "Déclaration d'accessibilité", title: /accessibilité/ },
  { path: '/donnees-personnelles', heading: 'Données personnelles', title: /Données personnelles/ },
  { path: '/plan-du-site', heading: 'Plan du site', title: /Plan du site/ },
  { path: '/une-page-qui-n-existe-pas', heading: 'Page non trouvée', title: /Page non trouvée/ },
];

describe('pages publiques (navigateur)', () => {
  let app: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  for (const width of WIDTHS) {
    for (const p of PUBLIC_PAGES) {
      it(`${p.path} à ${width} px : titre, langue et aucune violation axe`, async () => {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.goto(app.baseUrl + p.path);
        await waitForPage(page);
        const heading = (await page.locator('#titre-page').textContent())?.trim();
        if (typeof p.heading === 'string') expect(heading).toBe(p.heading);
        else expect(heading).toMatch(p.heading);
        expect(await page.title()).toMatch(p.title);
        expect(await page.getAttribute('html', 'lang')).toBe('fr');
        // Nothing wider than the screen (320 px must work without horizontal scrolling).
        const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page, `${p.path} @${width}px`);
        await page.close();
      });
    }
  }

  it('le pied de page annonce une accessibilité non conforme et mène aux pages légales', async () => {
    const page = await context.newPage();
    await page.goto(app.baseUrl + '/');
    await waitForPage(page);
    const footer = page.locator('#pied-de-page');
    await footer.getByRole('link', { name: /Accessibilité : non conforme/ }).waitFor({ state: 'visible' });
    await footer.getByRole('link', { name: 'Mentions légales' }).waitFor({ state: 'visible' });
    await footer.getByRole('link', { name: 'Données personnelles' }).waitFor({ state: 'visible' });
    await footer.getByRole('link', { name: 'Plan du site' }).waitFor({ state: 'visible' });
    await page.close();
  });

  it("la recherche de commune de l'accueil affiche les résultats et les annonce", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(app.baseUrl + '/');
    await waitForPage(page);
    const field = page.getByLabel(/Nom de la commune ou code postal/);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('Poitiers');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('status').filter({ hasText: /trouvées? pour « Poitiers »/ }).waitFor({ state: 'visible' });
    await page.getByRole('list', { name: 'Communes trouvées' }).getByText('Poitiers', { exact: true }).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, 'accueil avec résultats @320px');
    await page.close();
  });

  it("au clavier seul : de l'accueil au formulaire de connexion, saisi et envoyé", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(app.baseUrl + '/');
    await waitForPage(page);

    // Tab until the focused element is the "Se connecter" link, then Enter.
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await inPage<boolean>(
        page,
        "(() => { const el = document.activeElement; return !!el && el.tagName === 'A' && el.textContent.trim() === 'Se connecter' && el.offsetParent !== null; })()",
      );
    }
    expect(found, 'lien « Se connecter » atteint à la tabulation').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/connexion$/);
    await waitForPage(page);
    // After navigation the focus is on the heading, so the next Tab goes into the page.
    await expect.poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('titre-page');

    let onEmail = false;
    for (let i = 0; i < 10 && !onEmail; i++) {
      await page.keyboard.press('Tab');
      onEmail = await inPage<boolean>(page, "document.activeElement?.type === 'email'");
    }
    expect(onEmail, 'champ e-mail atteint à la tabulation').toBe(true);

    // An invalid address: the error is tied to the field.
    await page.keyboard.type('pas-une-adresse');
    await page.keyboard.press('Enter');
    const email = page.getByLabel(/Adresse e-mail/);
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toContain("n'est pas valide");

    await page.keyboard.press('Control+A');
    await page.keyboard.type('personne@exemple.fr');
    await page.keyboard.press('Enter');
    await page.getByText('E-mail envoyé').waitFor({ state: 'visible' });
    await page.close();
  });
});

describe('boîte d’envoi de développement (page servie par le serveur)', () => {
  let app: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const width of WIDTHS) {
    it(`/dev/outbox à ${width} px, avec un courriel reçu : aucune violation axe`, async () => {
      await app.server.ctx.mailer.send({
        to: 'personne@exemple.fr',
        subject: 'Votre lien de connexion à Maillage',
        text: `Bonjour,\n${app.baseUrl}/connexion/lien?jeton=abc`,
      });
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(app.baseUrl + '/dev/outbox');
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain("Boîte d'envoi");
      await expect(page.getByRole('link', { name: /connexion\/lien/ }).count()).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(page, `/dev/outbox @${width}px`);
      await context.close();
    });
  }
});
