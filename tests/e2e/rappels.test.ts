// Reminders in the browser: the gestionnaire's « Relances envoyées » page (lieux à vérifier and the sending log, filled by
// the real job through the real SMTP server), the « à vérifier » filter of the lieux list, and the public page's
// sentence about the last confirmation. axe-core at 1280 and 320 px.
import { eq, inArray, sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, runReminders, workerName } from '../../src/freshness';
import { reminderSendings } from '../../src/freshness/schema';
import { lieuxTables } from '../../src/lieux';
import { ensureUser } from '../../src/platform/auth';
import { browserContexts, checkWithKeyboard, expectNoAxeViolations, expectNoOverflow, inPage, seedDemoLieux, signInAs, startE2eWithMail, waitForPage, WIDTHS, type E2eServer, type E2eWithMail } from './helpers';

const { lieux } = lieuxTables;
const GESTIONNAIRE = 'gestionnaire.rappels.e2e@exemple.fr';

describe('relances et lieux à vérifier (navigateur)', () => {
  let e2e: E2eWithMail;
  let app: E2eServer;
  let visitor: BrowserContext;
  let manager: BrowserContext;
  let page: Page;
  /** Entered seven months ago, never confirmed: reminded, and « à vérifier ». */
  const stale: Array<{ id: string; nom: string; codeInsee: string | null }> = [];

  beforeAll(async () => {
    e2e = await startE2eWithMail();
    ({ app } = e2e);
    const { db, mailer, config } = app.server.ctx;
    await ensureUser(db, { email: GESTIONNAIRE, nom: 'Dominique Gestionnaire', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    await seedDemoLieux(app, ['france-services']);
    const rows = (await db.select({ id: lieux.id, data: lieux.data, codeInsee: lieux.codeInsee }).from(lieux).where(eq(lieux.departement, '86'))).sort((a, b) => (a.id < b.id ? -1 : 1));
    stale.push(...rows.slice(0, 4).map((r) => ({ id: r.id, nom: r.data.nom, codeInsee: r.codeInsee })));
    await db.update(lieux).set({ createdAt: addMonths(new Date(), -7) }).where(inArray(lieux.id, stale.map((l) => l.id)));
    // One without a contact address; one whose sending was interrupted by a stopped process.
    await db.update(lieux).set({ data: sql`${lieux.data} || '{"courriels": []}'::jsonb` }).where(eq(lieux.id, stale[1]!.id));
    const [interrupted] = await db.select({ createdAt: lieux.createdAt }).from(lieux).where(eq(lieux.id, stale[3]!.id));
    await db.insert(reminderSendings).values({
      lieuId: stale[3]!.id,
      step: 'premier-rappel',
      anchor: interrupted!.createdAt,
      email: 'contact@exemple.fr',
      claimedBy: 'autre-serveur:1234',
      claimedAt: new Date(Date.now() - 2 * 3_600_000),
    });
    const summary = await runReminders(db, { mailer, clock: () => new Date(), publicUrl: config.publicUrl, config: config.reminders, worker: workerName() });
    expect(summary.results).toEqual({ envoye: 2, echec: 0, 'sans-contact': 1 });
    [visitor, manager] = await browserContexts(e2e.browser, 2);
    page = await manager.newPage();
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('la page publique d’un lieu à vérifier le dit, avec la date de publication', async () => {
    const p = await visitor.newPage();
    await p.goto(`${app.baseUrl}/lieu/${encodeURIComponent(stale[0]!.id)}`);
    await waitForPage(p);
    const sentence = p.getByTestId('confirmation');
    await sentence.waitFor({ state: 'visible' });
    expect(await sentence.textContent()).toMatch(/^Informations à vérifier : jamais confirmées depuis leur publication le \d{1,2} \S+ \d{4}\. Téléphonez avant de vous déplacer\.$/);
    await p.close();
  });

  it('le gestionnaire se connecte par lien magique', async () => {
    await signInAs(e2e, page, GESTIONNAIRE);
  });

  it('« Relances envoyées » depuis le menu : les lieux à vérifier et le journal, interruption expliquée', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Gestion des lieux' }).click();
    await page.getByRole('link', { name: 'Relances envoyées' }).click();
    await page.waitForURL(`${app.baseUrl}/gestion/rappels`);
    await waitForPage(page, 'Relances envoyées');
    expect(await page.getByTestId('a-verifier-compte').textContent()).toContain('4 lieux à vérifier');
    const toVerify = page.getByRole('table', { name: /Lieux à vérifier/ });
    for (const lieu of stale) await toVerify.getByRole('link', { name: lieu.nom }).waitFor({ state: 'visible' });

    const log = page.getByRole('table', { name: /Relances envoyées/ });
    await log.waitFor({ state: 'visible' });
    const row = (nom: string) => log.getByRole('row').filter({ has: page.getByRole('link', { name: nom }) });
    expect(await row(stale[0]!.nom).textContent()).toContain('Envoyée');
    expect(await row(stale[1]!.nom).textContent()).toContain('Sans courriel');
    expect(await row(stale[3]!.nom).textContent()).toContain('Interrompue');
    expect(await page.getByText(/1 relance a été interrompue/).count()).toBe(1);
    // The next reminder is announced for a first reminder that went.
    expect(await row(stale[0]!.nom).textContent()).toMatch(/Seconde relance le \d{1,2} \S+ \d{4} si personne ne confirme/);
  });

  for (const width of WIDTHS) {
    it(`/gestion/rappels à ${width} px : aucune violation axe, pas de défilement horizontal de la page`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.baseUrl}/gestion/rappels`);
      await waitForPage(page);
      await page.getByRole('table', { name: /Relances envoyées/ }).waitFor({ state: 'visible' });
      await expectNoOverflow(page);
      await expectNoAxeViolations(page, `/gestion/rappels @${width}px`);
    });
  }

  it('le territoire se choisit au clavier : ancien lien redirigé, code inconnu refusé sur le champ, commune gardée dans l’adresse', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/gestion/rappels?territoire=departement:86`);
    await page.waitForURL(`${app.baseUrl}/gestion/rappels?departement=86`);
    await waitForPage(page);
    expect(await page.getByRole('radio', { name: 'Département 86' }).isChecked()).toBe(true);

    await checkWithKeyboard(page.getByLabel('Une commune'));
    const code = page.getByLabel('Code INSEE de la commune');
    await code.fill('86999');
    await page.getByRole('button', { name: 'Afficher', exact: true }).press('Enter');
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Aucune commune ne porte le code INSEE 86999.').waitFor({ state: 'visible' });
    expect(await inPage<string>(page, 'document.activeElement?.getAttribute("name") ?? ""')).toBe('commune');
    expect(page.url()).toBe(`${app.baseUrl}/gestion/rappels?departement=86`);
    await expectNoAxeViolations(page, '/gestion/rappels, code de commune inconnu');

    const commune = stale[0]!.codeInsee!;
    const inCommune = stale.filter((l) => l.codeInsee === commune);
    await code.fill(commune);
    await page.getByRole('button', { name: 'Afficher', exact: true }).press('Enter');
    await page.waitForURL(`${app.baseUrl}/gestion/rappels?commune=${commune}`);
    await expect.poll(() => page.getByTestId('a-verifier-compte').textContent()).toContain(`${inCommune.length} lieu${inCommune.length > 1 ? 'x' : ''} à vérifier`);
    const toVerify = page.getByRole('table', { name: `Lieux à vérifier — Commune ${commune}` });
    expect(await toVerify.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(inCommune.map((l) => l.nom)));
    expect(await toVerify.getByRole('row').count()).toBe(inCommune.length + 1);
  });

  it('la liste des lieux filtre les lieux à vérifier, au clavier', async () => {
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${app.baseUrl}/lieux`);
    await waitForPage(page);
    const box = page.getByLabel('Seulement les lieux à vérifier');
    await box.focus();
    await box.press('Space');
    await page.getByRole('button', { name: 'Afficher les lieux' }).press('Enter');
    await page.waitForURL(/a_verifier=true/);
    const count = page.getByTestId('lieux-compte');
    await expect.poll(() => count.textContent()).toMatch(/^4 lieux trouvés/);
    const items = page.getByRole('list', { name: 'Résultats' }).getByRole('listitem');
    expect(await items.count()).toBe(4);
    for (let i = 0; i < 4; i++) expect(await items.nth(i).textContent()).toContain('À vérifier');
    await expectNoAxeViolations(page, '/lieux?a_verifier=true @320px');
  });
});
