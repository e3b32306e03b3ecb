import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lieuxTables } from '../../src/lieux';
import { ensureUser } from '../../src/platform/auth';
import { readOpeningHours } from '../../web/src/freshness/timetable';
import type { TestSmtpServer } from '../helpers/smtp';
import { browserContexts, checkWithKeyboard, expectNoAxeViolations, expectNoOverflow, inPage, seedDemoLieux, signInAs, startE2eWithMail, waitForPage, WIDTHS, type E2eServer, type E2eWithMail } from './helpers';

const GESTIONNAIRE = 'gestionnaire.structures.e2e@exemple.fr';
const DAY_MS = 86_400_000;

/** The next Monday (at least two days ahead) at 10:00 in Paris: the server's « now », so that hours mean something fixed. */
function nextMondayTenInParis(): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
  for (let i = 2; ; i++) {
    const candidate = new Date(Date.now() + i * DAY_MS);
    const parts = Object.fromEntries(day.formatToParts(candidate).map((p) => [p.type, p.value]));
    if (parts.weekday !== 'Mon') continue;
    const noonUtc = new Date(`${parts.year}-${parts.month}-${parts.day}T12:00:00Z`);
    const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' }).formatToParts(noonUtc).find((p) => p.type === 'timeZoneName')!.value.replace('GMT', '');
    return new Date(`${parts.year}-${parts.month}-${parts.day}T10:00:00${offset || '+00:00'}`);
  }
}

function structureLinkFrom(text: string): string {
  const match = /https?:\/\/\S+\/structure\/[A-Za-z0-9_-]{20,}/.exec(text);
  if (!match) throw new Error(`Pas de lien de mise à jour dans le courriel :\n${text}`);
  return match[0];
}

async function axeAtBothWidths(page: Page, label: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoOverflow(page);
    await expectNoAxeViolations(page, `${label} @${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const activeElement = (page: Page) => inPage<{ id: string; text: string }>(page, '({ id: document.activeElement?.id ?? "", text: document.activeElement?.textContent ?? "" })');

interface Target {
  id: string;
  nom: string;
  email: string;
  codeInsee: string;
}

describe('les structures tiennent leur lieu à jour (navigateur, vrai serveur SMTP)', () => {
  const monday = nextMondayTenInParis();
  const started = Date.now();
  let shift = 0;
  /** The server's clock: Monday 10:00 in Paris, running; `shift` jumps it ahead (an expired link). */
  const clock = () => new Date(monday.getTime() + (Date.now() - started) + shift);

  let e2e: E2eWithMail;
  let app: E2eServer;
  let smtp: TestSmtpServer;
  let manager: BrowserContext;
  let structure: BrowserContext;
  let older: BrowserContext;
  let visitor: BrowserContext;
  let target: Target;
  let otherLieu = '';
  let link = '';
  let revokedLink = '';
  let savedHours = '';

  beforeAll(async () => {
    e2e = await startE2eWithMail({}, { clock });
    ({ app, smtp } = e2e);
    await ensureUser(app.server.ctx.db, { email: GESTIONNAIRE, nom: 'Dominique Gestionnaire', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    await seedDemoLieux(app);

    // A Vienne lieu with its own e-mail address, hours the table can show, open this Monday at 10:00, in a small commune.
    const { lieux } = lieuxTables;
    const rows = await app.server.ctx.db.select({ id: lieux.id, data: lieux.data, codeInsee: lieux.codeInsee }).from(lieux).where(eq(lieux.departement, '86'));
    const emailCount = new Map<string, number>();
    const communeCount = new Map<string, number>();
    for (const r of rows) {
      const email = r.data.courriels[0]?.toLowerCase();
      if (email) emailCount.set(email, (emailCount.get(email) ?? 0) + 1);
      if (r.codeInsee) communeCount.set(r.codeInsee, (communeCount.get(r.codeInsee) ?? 0) + 1);
    }
    const candidates = rows
      .filter((r) => r.codeInsee && r.data.courriels[0] && emailCount.get(r.data.courriels[0].toLowerCase()) === 1)
      .filter((r) => {
        const read = readOpeningHours(r.data.horaires);
        return read.kind === 'table' && read.timetable.week.Mo.length > 0;
      })
      .sort((a, b) => communeCount.get(a.codeInsee!)! - communeCount.get(b.codeInsee!)! || (a.id < b.id ? -1 : 1));
    for (const r of candidates) {
      const week = (await (await fetch(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(r.id)}/horaires`)).json()) as { ouvert: boolean | null };
      if (week.ouvert === true) {
        target = { id: r.id, nom: r.data.nom, email: r.data.courriels[0]!.toLowerCase(), codeInsee: r.codeInsee! };
        break;
      }
    }
    expect(target, 'un lieu de la Vienne avec une adresse e-mail, ouvert le lundi à 10 h').toBeDefined();
    otherLieu = rows.find((r) => r.id !== target.id)!.id;

    [manager, structure, older, visitor] = await browserContexts(e2e.browser, 4, { timezoneId: 'Europe/Paris', timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('le gestionnaire se connecte et invite les lieux d’une commune depuis /gestion/invitations ; l’e-mail arrive par SMTP', async () => {
    const page = await manager.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(e2e, page, GESTIONNAIRE);

    await page.getByRole('button', { name: 'Gestion des lieux' }).click();
    await page.getByRole('link', { name: 'Inviter les structures' }).click();
    await page.waitForURL(`${app.baseUrl}/gestion/invitations`);
    await waitForPage(page, 'Inviter les structures à mettre à jour leurs lieux');
    await axeAtBothWidths(page, '/gestion/invitations');

    await checkWithKeyboard(page.getByLabel('Une commune'));
    await page.getByLabel('Code INSEE de la commune').fill(target.codeInsee);
    await checkWithKeyboard(page.getByLabel('Un lien par lieu'));
    await page.getByRole('button', { name: 'Préparer l’envoi' }).click();
    await page.getByRole('heading', { name: 'Confirmer l’envoi' }).waitFor();
    await page.getByRole('button', { name: 'Oui, envoyer les invitations' }).click();
    const results = page.getByRole('heading', { name: `Résultat pour la commune ${target.codeInsee}` });
    await results.waitFor();
    const sent = page.getByRole('table', { name: 'Invitations envoyées' });
    const row = sent.getByRole('row').filter({ hasText: target.email });
    await expect.poll(() => row.textContent()).toContain(target.nom);
    expect(await row.textContent()).toContain('Envoyé');
    await axeAtBothWidths(page, '/gestion/invitations (résultat)');

    const mail = await smtp.waitForMessage(target.email, 10_000);
    expect(mail.subject).toContain(target.nom);
    link = structureLinkFrom(mail.text);
    expect(link.startsWith(`${app.baseUrl}/structure/`)).toBe(true);
    await page.close();
  }, 90_000);

  it('depuis la fiche du lieu, il invite la structure (adresse, résultat), voit les liens envoyés et en désactive un', async () => {
    const page = await manager.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/lieux/${encodeURIComponent(target.id)}`);
    await waitForPage(page);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Mise à jour par la structure' }) });
    await expect.poll(() => panel.textContent()).toContain(`Il part à ${target.email}`);
    await panel.getByRole('button', { name: 'Inviter la structure à mettre à jour ce lieu' }).click();
    await panel.getByText(`Invitation envoyée à ${target.email}`).waitFor();
    revokedLink = structureLinkFrom((await smtp.waitForMessage(target.email, 10_000)).text);
    expect(revokedLink).not.toBe(link);

    const table = panel.getByRole('table', { name: 'Liens envoyés pour ce lieu' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    // Newest first: the link just sent is turned off; the first one stays active.
    await table.getByRole('button', { name: /^Désactiver/ }).first().click();
    await panel.getByText(/est désactivé : il ne fonctionne plus/).waitFor();
    await expect.poll(() => table.getByRole('row').nth(1).textContent()).toContain('Désactivé le');
    expect(await table.getByRole('row').nth(2).textContent()).toContain('Actif');
    expect(await page.getByRole('link', { name: 'Modifier ce lieu' }).getAttribute('href')).toBe(`/lieux/${encodeURIComponent(target.id)}/modifier`);
    await page.close();
  });

  it('la structure ouvre le lien, change les horaires au clavier dans le tableau, enregistre ; la page publique suit', async () => {
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${app.baseUrl}/lieu/${encodeURIComponent(target.id)}`);
    await waitForPage(publicPage);
    const openState = publicPage.locator('.maillage-open-state');
    await openState.waitFor();
    const before = (await openState.textContent())!;
    expect(before).toMatch(/^Ouvert maintenant/);

    // A second browser opens the same link now: it holds this version of the lieu.
    const stale = await older.newPage();
    await stale.goto(link);
    await stale.getByRole('button', { name: 'Enregistrer les modifications' }).waitFor();

    const page = await structure.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(link);
    await waitForPage(page);
    await expect.poll(async () => (await page.locator('#titre-page').textContent())?.trim()).toBe(target.nom);
    await axeAtBothWidths(page, 'formulaire de la structure');

    // Monday: every range removed with the keyboard, then one added, 14 h to 17 h typed in the time fields.
    const mondayDay = page.getByRole('group', { name: 'Lundi', exact: true });
    const removals = mondayDay.getByRole('button', { name: /^Supprimer la plage/ });
    while ((await removals.count()) > 0) {
      await removals.last().focus();
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => mondayDay.locator('p').first().textContent()).toBe('Fermé');
    await expect.poll(async () => (await activeElement(page)).text).toContain('Ajouter une plage le lundi');
    await page.keyboard.press('Enter');
    // The focus goes to the new range's first field.
    await expect.poll(async () => (await activeElement(page)).id).toBe('champ-horaires-Mo-0-ouverture');
    await page.keyboard.type('1400');
    // (Tab would first visit the AM/PM part of the field in this test browser's English time format.)
    await page.getByLabel('Fermeture (lundi, plage 1)').focus();
    await page.keyboard.type('1700');
    expect(await page.getByLabel('Ouverture (lundi, plage 1)').inputValue()).toBe('14:00');
    expect(await page.getByLabel('Fermeture (lundi, plage 1)').inputValue()).toBe('17:00');
    expect(await page.getByRole('button', { name: 'Supprimer la plage de 14 h du lundi' }).count()).toBe(1);
    await expect.poll(() => page.locator('#champ-horaires-resume').textContent()).toMatch(/[Ll]undi[^.]*: de 14 h à 17 h/);

    await page.getByRole('button', { name: 'Enregistrer les modifications' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Vos modifications sont enregistrées').waitFor();

    const saved = (await (await fetch(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(target.id)}`)).json()) as { lieu: { horaires: string } };
    savedHours = saved.lieu.horaires;
    const read = readOpeningHours(savedHours);
    expect(read.kind === 'table' && read.timetable.week.Mo).toEqual([{ start: '14:00', end: '17:00' }]);

    // The public page: closed now (Monday 10:00), opens at 14 h; Monday's row of the week says so.
    await publicPage.reload();
    await waitForPage(publicPage);
    await expect.poll(() => openState.textContent()).toMatch(/^Fermé maintenant — ouvre à 14 h/);
    expect(await openState.textContent()).not.toBe(before);
    const mondayRow = publicPage.getByRole('row', { name: /^Lundi/ });
    expect(await mondayRow.textContent()).toMatch(/14 h.*17 h/);
    await publicPage.close();
    await page.close();
  }, 120_000);

  it('le second navigateur, resté sur l’ancienne version, enregistre : écran de conflit, choix, nouvel enregistrement', async () => {
    const page = older.pages()[0]!;
    await page.setViewportSize({ width: 1280, height: 900 });
    // Another change to the hours (one more range on Tuesday), and a new phone number.
    await page.getByRole('button', { name: 'Ajouter une plage le mardi' }).click();
    await page.getByRole('textbox', { name: /^Téléphone Un seul numéro/ }).fill('05 49 11 22 33');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();

    const heading = page.getByRole('heading', { name: 'Ce lieu a été modifié pendant que vous le mettiez à jour' });
    await heading.waitFor();
    expect((await activeElement(page)).id).toBe('conflit-titre');
    // Only the field both changed is asked; the phone (changed here only) will be kept.
    const choices = page.locator('.maillage-conflict fieldset');
    expect(await choices.count()).toBe(1);
    expect(await choices.first().getByRole('radio').count()).toBe(2);
    await page.getByText('Vos autres modifications (Téléphone) seront enregistrées telles quelles.').waitFor();
    const theirs = page.getByRole('radio', { name: /^Version enregistrée entre-temps/ });
    expect(await theirs.getAttribute('name')).toBe('choix-horaires');
    expect(await page.locator('label[for="choix-horaires-theirs"]').textContent()).toContain('de 14 h à 17 h');
    await axeAtBothWidths(page, 'écran de conflit');

    // Nothing is saved before a choice is made.
    await page.getByRole('button', { name: 'Enregistrer avec ces choix' }).click();
    await page.getByText('Choisissez la version à garder.').waitFor();
    await checkWithKeyboard(theirs);
    await page.getByRole('button', { name: 'Enregistrer avec ces choix' }).click();
    await page.getByText('Vos modifications sont enregistrées').waitFor();

    const lieu = ((await (await fetch(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(target.id)}`)).json()) as { lieu: { horaires: string; telephone: string } }).lieu;
    expect(lieu.horaires).toBe(savedHours);
    expect(lieu.telephone).toBe('+33549112233');
  }, 90_000);

  it('liens refusés (falsifié, désactivé, expiré, pour un autre lieu) : une page claire qui dit quoi faire', async () => {
    const page = await visitor.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const refused = async (url: string, reason: string | RegExp) => {
      await page.goto(url);
      await waitForPage(page);
      // (A lieu outside the link is asked to the server after the link itself: « Vérification du lien… » comes first.)
      await expect.poll(async () => (await page.locator('#titre-page').textContent())?.trim()).toBe('Ce lien ne fonctionne pas');
      await page.getByText(reason).waitFor();
      await page.getByRole('heading', { name: 'Que faire ?' }).waitFor();
    };
    const tampered = `${link.slice(0, -3)}${link.endsWith('abc') ? 'xyz' : 'abc'}`;
    await refused(tampered, /Ce lien n’est pas valide/);
    await axeAtBothWidths(page, 'lien refusé');
    await refused(revokedLink, /désactivé par le gestionnaire/);
    await refused(`${link}?lieu=${encodeURIComponent(otherLieu)}`, /ne donne pas accès à ce lieu/);
    shift = 31 * DAY_MS;
    try {
      await refused(link, /Ce lien a expiré/);
    } finally {
      shift = 0;
    }
    // The same link still opens the lieu today.
    await page.goto(link);
    await waitForPage(page);
    await expect.poll(async () => (await page.locator('#titre-page').textContent())?.trim()).toBe(target.nom);
    await page.close();
  }, 90_000);

  it('le gestionnaire modifie le lieu avec le même formulaire : erreurs en français à côté du champ, puis retour à sa liste', async () => {
    const page = await manager.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/lieux/${encodeURIComponent(target.id)}/modifier?retour=/gestion/invitations`);
    await waitForPage(page);
    const resume = page.getByLabel(/^Présentation courte/);
    await resume.fill('Aide au numérique. '.repeat(16));
    const codePostal = page.getByLabel('Code postal (obligatoire)');
    const rightCode = await codePostal.inputValue();
    await codePostal.fill('86-00');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();

    const summary = page.getByRole('alert').filter({ hasText: 'informations sont à corriger' });
    await summary.waitFor();
    expect((await activeElement(page)).text).toContain('informations sont à corriger');
    // Each server message is next to its field, and the summary links there.
    expect(await resume.getAttribute('aria-invalid')).toBe('true');
    await page.locator('.fr-input-group--error').filter({ has: resume }).getByText(/303 caractères, le maximum est 280/).waitFor();
    await summary.getByRole('link', { name: /Code postal/ }).click();
    expect((await activeElement(page)).id).toBe('champ-code_postal');
    await axeAtBothWidths(page, '/lieux/:id/modifier (erreurs)');

    await resume.fill('Aide au numérique, sans rendez-vous.');
    await codePostal.fill(rightCode);
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.waitForURL(`${app.baseUrl}/gestion/invitations`);
    const lieu = ((await (await fetch(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(target.id)}`)).json()) as { lieu: { presentation_resume: string } }).lieu;
    expect(lieu.presentation_resume).toBe('Aide au numérique, sans rendez-vous.');
    await page.close();
  }, 90_000);
});
