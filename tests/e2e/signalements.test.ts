// The moderation queue of error reports: a report made on the public lieu page reaches the gestionnaire's queue, who
// handles it with the keyboard; the structure and the reporter receive their e-mails through the real SMTP server.
import { eq } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lieuxTables } from '../../src/lieux';
import { ensureUser } from '../../src/platform/auth';
import type { TestSmtpServer } from '../helpers/smtp';
import { browserContexts, expectNoAxeViolations, expectNoOverflow, inPage, seedDemoLieux, signInAs, startE2eWithMail, waitForPage, WIDTHS, type E2eServer, type E2eWithMail } from './helpers';

const GESTIONNAIRE = 'gestionnaire.signalements.e2e@exemple.fr';
const REPORTER = 'habitante.e2e@exemple.fr';
const OTHER_REPORTER = 'habitant.bis.e2e@exemple.fr';

/** Activates a control from the keyboard only: focus, then Enter. */
async function pressEnter(control: Locator): Promise<void> {
  await control.focus();
  await control.press('Enter');
}

const activeElementText = (page: Page) => inPage<string>(page, 'document.activeElement?.textContent ?? ""');

describe('signalements à traiter (navigateur)', () => {
  let e2e: E2eWithMail;
  let app: E2eServer;
  let smtp: TestSmtpServer;
  let visitor: BrowserContext;
  let manager: BrowserContext;
  let page: Page;
  let lieu = { id: '', nom: '', contact: '' };

  beforeAll(async () => {
    e2e = await startE2eWithMail();
    ({ app, smtp } = e2e);
    await ensureUser(app.server.ctx.db, { email: GESTIONNAIRE, nom: 'Camille Gestionnaire', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    await seedDemoLieux(app, ['france-services']);
    const rows = await app.server.ctx.db.select().from(lieuxTables.lieux).where(eq(lieuxTables.lieux.departement, '86'));
    const withEmail = rows.filter((r) => (r.data.courriels ?? []).length > 0 && r.data.horaires).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    expect(withEmail, 'un lieu de la Vienne avec courriel et horaires').toBeDefined();
    lieu = { id: withEmail!.id, nom: withEmail!.data.nom, contact: withEmail!.data.courriels[0]!.toLowerCase() };
    [visitor, manager] = await browserContexts(e2e.browser, 2);
    page = await manager.newPage();
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('une personne signale une erreur depuis la page publique du lieu', async () => {
    const p = await visitor.newPage();
    await p.goto(`${app.baseUrl}/lieu/${encodeURIComponent(lieu.id)}`);
    await waitForPage(p);
    await pressEnter(p.getByRole('button', { name: 'Signaler une erreur' }));
    const horaires = p.getByLabel('Les horaires');
    await horaires.focus();
    await horaires.press('Space');
    await p.getByLabel(/Décrivez l'erreur/).fill('Le lieu est fermé le samedi matin depuis mars.');
    await p.getByLabel(/Votre adresse électronique/).fill(REPORTER);
    await pressEnter(p.getByRole('button', { name: 'Envoyer le signalement' }));
    await p.getByText("Merci, votre signalement a été transmis à l'équipe qui tient cette carte à jour.").waitFor({ state: 'visible' });
    // A second report, to be rejected below.
    const second = await p.request.post(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(lieu.id)}/signalements`, {
      data: { categorie: 'contact', message: 'Le téléphone ne répond jamais le lundi.', courriel: OTHER_REPORTER },
    });
    expect(second.status()).toBe(201);
    await p.close();
  });

  it('le gestionnaire se connecte par lien magique et trouve la file dans le menu', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(e2e, page, GESTIONNAIRE);
    await pressEnter(page.getByRole('button', { name: 'Gestion des lieux' }));
    await pressEnter(page.getByRole('link', { name: 'Signalements à traiter' }));
    await page.waitForURL(`${app.baseUrl}/gestion/signalements`);
    await waitForPage(page, 'Signalements à traiter');
    expect((await page.locator('#titre-page').textContent())?.trim()).toBe('Signalements à traiter');
  });

  for (const width of WIDTHS) {
    it(`la file à ${width} px : les deux signalements à côté du lieu, aucune violation axe`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.baseUrl}/gestion/signalements`);
      await waitForPage(page);
      const report = page.getByRole('region', { name: `${lieu.nom} : les horaires` });
      await report.waitFor({ state: 'visible' });
      await page.getByRole('region', { name: `${lieu.nom} : le téléphone ou le courriel` }).waitFor({ state: 'visible' });
      expect(await report.textContent()).toContain('Le lieu est fermé le samedi matin depuis mars.');
      // The lieu's current hours, in words, beside the report.
      expect(await report.getByText(/^lundi : /).count()).toBe(1);
      expect(await page.getByTestId('signalements-compte').textContent()).toMatch(/2\s*nouveau/);
      await expectNoOverflow(page);
      await expectNoAxeViolations(page, `/gestion/signalements @${width}px`);
    });
  }

  it('au clavier : transmet à la structure, puis marque comme corrigé ; la structure et la personne reçoivent leur courriel', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/gestion/signalements`);
    await waitForPage(page);
    const report = page.getByRole('region', { name: `${lieu.nom} : les horaires` });
    await report.waitFor({ state: 'visible' });
    expect(await report.getByRole('link', { name: 'Corriger le lieu' }).getAttribute('href')).toBe(`/lieux/${encodeURIComponent(lieu.id)}/modifier?retour=/gestion/signalements`);
    expect(await report.getByRole('link', { name: 'Voir la page publique du lieu' }).getAttribute('href')).toBe(`/lieu/${encodeURIComponent(lieu.id)}`);

    const announce = page.getByTestId('signalements-annonce');
    await pressEnter(report.getByRole('button', { name: 'Transmettre à la structure' }));
    await expect.poll(() => announce.textContent()).toContain(`transmis à la structure (${lieu.contact})`);
    const forwarded = await smtp.waitForMessage(lieu.contact, 10_000);
    expect(forwarded.text).toContain('> Le lieu est fermé le samedi matin depuis mars.');
    expect(forwarded.text).toMatch(/\/structure\/[A-Za-z0-9_-]{20,}/);
    // Still to handle: now « transmis », with the date.
    await expect.poll(() => report.textContent()).toMatch(/Transmis à la structure.*transmis à la structure le/s);

    await report.getByLabel(/Note pour la personne/).focus();
    await page.keyboard.type('Les horaires du samedi ont été corrigés avec la structure.');
    await pressEnter(report.getByRole('button', { name: 'Marquer comme corrigé' }));
    await expect.poll(() => announce.textContent()).toContain('Signalement marqué comme corrigé. La personne qui l’a fait en est informée par courriel. Il a quitté cette liste');
    await report.waitFor({ state: 'detached' });
    // Focus goes to the next report left in the queue.
    expect(await activeElementText(page)).toBe(`${lieu.nom} : le téléphone ou le courriel`);
    const outcome = await smtp.waitForMessage(REPORTER, 10_000);
    expect(outcome.text).toContain('a corrigé la fiche de ce lieu');
    expect(outcome.text).toContain('> Les horaires du samedi ont été corrigés avec la structure.');
  });

  it('au clavier : un rejet sans note est refusé sur le champ, puis accepté avec la note', async () => {
    const report = page.getByRole('region', { name: `${lieu.nom} : le téléphone ou le courriel` });
    const note = report.getByLabel(/Note pour la personne/);
    await pressEnter(report.getByRole('button', { name: 'Rejeter' }));
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    expect(await report.textContent()).toContain('expliquez en quelques mots pourquoi');
    expect(await inPage<string>(page, 'document.activeElement?.tagName')).toBe('TEXTAREA');
    await page.keyboard.type('Le numéro est le bon : la permanence répond le mardi.');
    await pressEnter(report.getByRole('button', { name: 'Rejeter' }));
    const announce = page.getByTestId('signalements-annonce');
    await expect.poll(() => announce.textContent()).toContain('Signalement rejeté.');
    expect(await announce.textContent()).toContain('elle est vide');
    expect(await inPage<string>(page, 'document.activeElement?.dataset.testid ?? ""')).toBe('signalements-annonce');
    expect((await smtp.waitForMessage(OTHER_REPORTER, 10_000)).text).toContain('> Le numéro est le bon : la permanence répond le mardi.');

    // The closed reports, under « Corrigés » and « Rejetés »: outcome and note shown, no more buttons.
    await page.getByLabel('Signalements à afficher').selectOption('tous');
    await pressEnter(page.getByRole('button', { name: 'Afficher' }));
    await page.waitForURL(/statut=tous/);
    const closed = page.getByRole('region', { name: `${lieu.nom} : le téléphone ou le courriel` });
    await expect.poll(() => closed.textContent()).toMatch(/Rejeté le .*Note : « Le numéro est le bon/s);
    expect(await closed.getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('signalements-compte').textContent()).toMatch(/1\s*corrigé.*1\s*rejeté/s);
  });
});
