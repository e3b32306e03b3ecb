import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { browserContexts, checkWithKeyboard, expectNoAxeViolations, expectNoOverflow, inPage, seedDemoLieux, signInAs, startE2eWithMail, waitForPage, WIDTHS, type E2eServer, type E2eWithMail } from './helpers';

const GESTIONNAIRE = 'gestionnaire.lieux.e2e@exemple.fr';

const HEADER =
  'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv';
const row = (cells: Record<string, string>) =>
  HEADER.split(',')
    .map((field) => {
      const value = cells[field] ?? '';
      return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    })
    .join(',');

/** A small standard v1 file: two valid lieux (lines 2 and 4) and one with an impossible date_maj (line 3). */
function smallCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-lieux-'));
  const path = join(dir, 'lieux-test-e2e.csv');
  const base = {
    date_maj: '2024-05-02',
    services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    modalites_acces: 'Se présenter',
  };
  writeFileSync(
    path,
    [
      HEADER,
      row({ ...base, id: 'e2e-1', pivot: '21860194100013', nom: 'Espace numérique des Couronneries', commune: 'Poitiers', code_postal: '86000', code_insee: '86194', adresse: '37 rue de Nimègue', latitude: '46.5891', longitude: '0.3630' }),
      row({ ...base, id: 'e2e-2', pivot: '21860194100013', nom: 'Point numérique des Trois-Cités', commune: 'Poitiers', code_postal: '86000', date_maj: '2024-13-45', code_insee: '86194', adresse: '2 place des Trois-Cités' }),
      row({ ...base, id: 'e2e-3', pivot: '21860066500012', nom: 'Atelier numérique de Châtellerault', commune: 'Châtellerault', code_postal: '86100', code_insee: '86066', adresse: '5 boulevard Blossac', latitude: '46.8170', longitude: '0.5460' }),
      '',
    ].join('\n'),
  );
  return path;
}

describe('registre des lieux (navigateur)', () => {
  let e2e: E2eWithMail;
  let app: E2eServer;
  let visitor: BrowserContext;
  let manager: BrowserContext;
  let page: Page;
  let firstLieu = '';

  beforeAll(async () => {
    e2e = await startE2eWithMail();
    ({ app } = e2e);
    await ensureUser(app.server.ctx.db, { email: GESTIONNAIRE, nom: 'Claude Gestionnaire', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    await seedDemoLieux(app);
    const list = (await (await fetch(`${app.baseUrl}/api/v1/lieux?departement=86&limite=1`)).json()) as { resultats: Array<{ id: string }> };
    firstLieu = list.resultats[0]?.id ?? '';
    expect(firstLieu, 'au moins un lieu importé').not.toBe('');
    [visitor, manager] = await browserContexts(e2e.browser, 2);
    page = await manager.newPage();
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
  });

  for (const width of WIDTHS) {
    for (const path of ['/lieux', '/lieux/export', '/lieux/:premier']) {
      it(`${path} à ${width} px (public) : aucune violation axe`, async () => {
        const p = await visitor.newPage();
        await p.setViewportSize({ width, height: 900 });
        await p.goto(app.baseUrl + path.replace(':premier', encodeURIComponent(firstLieu)));
        await waitForPage(p);
        await p.locator('[role="status"]:has-text("Chargement"), [role="status"]:has-text("Recherche des lieux")').waitFor({ state: 'detached' });
        await expectNoOverflow(p);
        await expectNoAxeViolations(p, `${path} @${width}px`);
        await p.close();
      });
    }
  }

  it("la liste filtre par service (dans l'adresse), annonce le nombre, charge la suite et le bouton Retour rétablit les filtres", async () => {
    const p = await visitor.newPage();
    await p.setViewportSize({ width: 320, height: 900 });
    await p.goto(`${app.baseUrl}/`);
    await waitForPage(p);
    await p.getByRole('link', { name: 'Voir les lieux' }).click();
    await p.waitForURL(`${app.baseUrl}/lieux`);
    const count = p.getByTestId('lieux-compte');
    await expect.poll(() => count.textContent()).toMatch(/lieux? (affichés?|trouvés?)/);
    const results = p.getByRole('list', { name: 'Résultats' }).getByRole('listitem');
    expect(await results.count()).toBe(20);

    await p.getByRole('button', { name: 'Charger plus de lieux' }).click();
    await expect.poll(() => count.textContent()).toMatch(/de plus chargés?/);
    expect(await results.count()).toBeGreaterThan(20);
    // Focus moved to the first newly loaded lieu.
    expect(await inPage<string>(p, 'document.activeElement?.textContent ?? ""')).toBe(await results.nth(20).getByRole('link').textContent());

    await checkWithKeyboard(p.getByLabel('Aide aux démarches administratives'));
    await p.getByRole('button', { name: 'Afficher les lieux' }).click();
    await p.waitForURL(/services=Aide/);
    await expect.poll(() => count.textContent()).not.toMatch(/Recherche/);
    await expectNoAxeViolations(p, '/lieux filtré @320px');

    await p.locator('input[name="commune"]').fill('Châtellerault');
    await p.getByRole('button', { name: 'Afficher les lieux' }).click();
    await p.waitForURL(/commune=86066/);
    await p.getByText(/Commune choisie : Châtellerault/).waitFor({ state: 'visible' });

    await p.goBack();
    await p.waitForURL((url) => url.searchParams.has('services') && !url.searchParams.has('commune'));
    expect(await p.getByLabel('Aide aux démarches administratives').isChecked()).toBe(true);
    expect(await p.locator('input[name="commune"]').inputValue()).toBe('');
    await p.close();
  });

  it("la page d'export propose un lien de téléchargement qui suit les choix", async () => {
    const p = await visitor.newPage();
    await p.goto(`${app.baseUrl}/lieux/export`);
    await waitForPage(p);
    await p.getByText('Licence Ouverte 2.0').first().waitFor({ state: 'visible' });
    await checkWithKeyboard(p.getByLabel('GeoJSON'));
    await p.getByLabel('Département (numéro)').fill('86');
    await checkWithKeyboard(p.getByLabel('Données brutes, par source'));
    const href = await p.getByTestId('lien-export').getAttribute('href');
    expect(href).toBe('/api/v1/lieux/export.geojson?departement=86&brut=true');
    const response = await p.request.get(app.baseUrl + href);
    expect(response.status()).toBe(200);
    await p.close();
  });

  it('le gestionnaire se connecte par lien magique', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(e2e, page, GESTIONNAIRE);
    await page.getByRole('button', { name: 'Gestion des lieux' }).waitFor({ state: 'visible' });
  });

  for (const width of WIDTHS) {
    for (const path of ['/gestion/imports', '/gestion/doublons', '/lieux/:premier']) {
      it(`${path} à ${width} px (gestionnaire) : aucune violation axe`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(app.baseUrl + path.replace(':premier', encodeURIComponent(firstLieu)));
        await waitForPage(page);
        await page.locator('[role="status"]:has-text("Chargement")').waitFor({ state: 'detached' });
        await page.locator('text=Chargement des paires').waitFor({ state: 'detached' });
        await expectNoOverflow(page);
        await expectNoAxeViolations(page, `${path} gestionnaire @${width}px`);
      });
    }
  }

  it("importe un petit CSV : analyse, ligne rejetée (ligne, champ, motif), confirmation, rapport final", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/gestion/imports`);
    await waitForPage(page);
    // Errors tied to their fields.
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    await expect.poll(() => page.getByLabel('Fichier des lieux').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Fichier des lieux').setInputFiles(smallCsv());
    await page.getByLabel('Nom de la source').fill('tiers-lieu-e2e');
    await checkWithKeyboard(page.getByLabel('Partiel'));
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    await page.getByRole('heading', { name: /Analyse du fichier « lieux-test-e2e\.csv »/ }).waitFor({ state: 'visible' });
    const counts = page.getByTestId('import-chiffres');
    expect(await counts.getByRole('listitem').filter({ hasText: 'Lignes lues' }).textContent()).toMatch(/^3/);
    expect(await counts.getByRole('listitem').filter({ hasText: 'Lignes rejetées' }).textContent()).toMatch(/^1/);
    const rejected = page.getByRole('table', { name: /lignes rejetées/ });
    const line = rejected.getByRole('row').nth(1);
    expect(await line.getByRole('cell').nth(0).textContent()).toBe('3');
    expect(await line.getByRole('cell').nth(1).textContent()).toBe('Date de mise à jour');
    expect(await line.getByRole('cell').nth(2).textContent()).toBe('2024-13-45');
    expect((await line.getByRole('cell').nth(3).textContent())?.length).toBeGreaterThan(5);
    await expectNoAxeViolations(page, 'import analysé @1280px');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoOverflow(page);
    }
    await expectNoAxeViolations(page, 'import analysé @320px');

    await page.getByRole('button', { name: "Confirmer l'import" }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor({ state: 'visible' });
    expect(await counts.getByRole('listitem').filter({ hasText: 'Lignes acceptées' }).textContent()).toMatch(/^2/);
    await page.getByRole('table', { name: /imports?$/ }).getByRole('cell', { name: 'tiers-lieu-e2e' }).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, 'import terminé @320px');

    // The rejected row comes back as a CSV to fix and import again.
    const download = page.getByRole('link', { name: /Télécharger les lignes rejetées/ });
    const href = await download.getAttribute('href');
    const rejets = await page.request.get(`${app.baseUrl}${href}`);
    expect(rejets.status()).toBe(200);
    const text = await rejets.text();
    expect(text).toContain('e2e-2');
    expect(text).toMatch(/motif_du_rejet/);
  });

  it('examine une paire et la déclare « deux lieux distincts » : elle quitte la file, un message le dit', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/gestion/doublons`);
    await waitForPage(page);
    await page.locator('text=Chargement des paires').waitFor({ state: 'detached' });
    const pairs = page.locator('section.maillage-pair');
    const before = await pairs.count();
    expect(before, 'au moins une paire à examiner dans les données de démonstration').toBeGreaterThan(0);
    const first = pairs.first();
    const title = (await first.getByRole('heading', { level: 2 }).textContent()) ?? '';
    expect(await first.getByRole('table').count()).toBe(1);
    await first.getByText(/sur 100/).first().waitFor({ state: 'visible' });
    await first.getByRole('button', { name: 'Ce sont deux lieux distincts' }).click();
    await page.getByTestId('doublons-annonce').filter({ hasText: /Décision enregistrée : .* sont deux lieux distincts/ }).waitFor({ state: 'visible' });
    expect(await pairs.count()).toBe(before - 1);
    expect(await page.getByRole('heading', { name: title, exact: true }).count()).toBe(0);
    await expectNoAxeViolations(page, '/gestion/doublons après décision');

    // The decision holds after a reload.
    await page.reload();
    await waitForPage(page);
    await page.locator('text=Chargement des paires').waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { name: title, exact: true }).count()).toBe(0);
  });

  it("ouvre la fiche d'un lieu importé : provenance, enregistrements, historique ; change son statut", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/lieux?q=${encodeURIComponent('Espace numérique des Couronneries')}`);
    await waitForPage(page);
    await page.getByRole('link', { name: 'Espace numérique des Couronneries' }).click();
    await waitForPage(page);
    expect((await page.locator('#titre-page').textContent())?.trim()).toBe('Espace numérique des Couronneries');

    const provenance = page.getByRole('table', { name: 'Provenance de chaque information' });
    await provenance.getByRole('row', { name: /^Nom tiers-lieu-e2e e2e-1/ }).waitFor({ state: 'visible' });
    await page.getByRole('heading', { name: /Source « tiers-lieu-e2e » — identifiant e2e-1/ }).waitFor({ state: 'visible' });
    const history = page.getByRole('list', { name: /Modifications/ });
    expect(await history.getByRole('listitem').count()).toBeGreaterThan(0);

    await checkWithKeyboard(page.getByLabel('Fermé temporairement'));
    await page.getByLabel('Fermé à partir du').fill('2024-06-01');
    await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
    await page.getByText(/Le statut est maintenant : Fermé temporairement depuis le 1 juin 2024/).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, 'fiche après changement de statut');
  });

  it('rétablit une version précédente d’un lieu issu de deux sources, après confirmation', async () => {
    const list = (await (await fetch(`${app.baseUrl}/api/v1/lieux?departement=86&limite=500`)).json()) as {
      resultats: Array<{ id: string; nom: string; sources: string[] }>;
    };
    const merged = list.resultats.find((l) => l.sources.length > 1);
    expect(merged, 'un lieu regroupant deux sources').toBeDefined();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${app.baseUrl}/lieux/${encodeURIComponent(merged!.id)}`);
    await waitForPage(page);
    const history = page.getByRole('list', { name: /Modifications/ });
    await history.waitFor({ state: 'visible' });
    const before = await history.getByRole('listitem').count();
    await history.getByRole('button', { name: 'Rétablir cette version' }).last().click();
    const confirm = page.getByRole('button', { name: 'Oui, rétablir cette version' });
    expect(await inPage<string>(page, 'document.activeElement?.textContent ?? ""')).toBe('Oui, rétablir cette version');
    await confirm.click();
    await page.getByText(/La fiche a été rétablie telle qu'elle était le/).waitFor({ state: 'visible' });
    await history.getByRole('heading', { name: /^Retour à une version précédente/ }).first().waitFor({ state: 'visible' });
    expect(await history.getByRole('listitem').count()).toBeGreaterThan(before);
    await page.getByRole('heading', { name: 'Modifications faites dans Maillage' }).waitFor({ state: 'visible' });
    await expectNoOverflow(page);
    await expectNoAxeViolations(page, 'fiche après retour à une version @320px');
  });
});
