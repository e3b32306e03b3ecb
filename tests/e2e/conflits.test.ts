import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseImport, applyImport, editLieu, getLieu, isFileError } from '../../src/lieux';
import { ensureUser } from '../../src/platform/auth';
import { browserContexts, expectNoAxeViolations, expectNoOverflow, inPage, signedInContext, startE2e, waitForPage, WIDTHS, type E2e, type E2eServer } from './helpers';

const SOURCE = 'conseil-departemental-e2e';
const HEADER =
  'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv';

/** The source's file: one lieu in Poitiers, with its hours and phone. */
function csv(cells: { horaires: string; telephone: string; date_maj: string }): string {
  const values: Record<string, string> = {
    id: 'cd-1',
    pivot: '21860194100013',
    nom: 'Espace numérique des Couronneries',
    commune: 'Poitiers',
    code_postal: '86000',
    code_insee: '86194',
    adresse: '37 rue de Nimègue',
    latitude: '46.5891',
    longitude: '0.3630',
    services: 'Aide aux démarches administratives',
    ...cells,
  };
  return [HEADER, HEADER.split(',').map((f) => (/[",;]/.test(values[f] ?? '') ? `"${values[f]}"` : (values[f] ?? ''))).join(','), ''].join('\n');
}

describe('conflits d’import (navigateur)', () => {
  let e2e: E2e;
  let app: E2eServer;
  let context: BrowserContext;
  let page: Page;
  let lieuId = '';

  beforeAll(async () => {
    e2e = await startE2e();
    ({ app } = e2e);
    const { db } = app.server.ctx;
    const referential = app.server.referential;
    const manager = await ensureUser(db, { email: 'gestion.conflits@exemple.fr', nom: 'Camille Gestion', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });

    // January's file, then a gestionnaire changes the hours and the phone in Maillage.
    const analysis = analyseImport(new TextEncoder().encode(csv({ horaires: 'Mo-Fr 09:00-12:00', telephone: '+33549000001', date_maj: '2026-01-10' })), { source: SOURCE }, referential);
    if (isFileError(analysis)) throw new Error(analysis.reason);
    await applyImport(db, analysis, { source: SOURCE, full: true, actor: { kind: 'system' }, fileName: 'janvier.csv' }, { referential });
    const list = (await (await fetch(`${app.baseUrl}/api/v1/lieux?source=${SOURCE}`)).json()) as { resultats: Array<{ id: string }> };
    lieuId = list.resultats[0]!.id;
    const edited = await editLieu(
      db,
      lieuId,
      { version: (await getLieu(db, lieuId))!.version, changes: { horaires: 'Mo-Sa 09:00-12:00', telephone: '+33549111111' } },
      { kind: 'user', id: manager.id },
      { referential },
    );
    expect(edited.kind).toBe('ok');

    [context] = await browserContexts(e2e.browser, 1);
    await signedInContext(e2e, context, manager.email);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('le nouveau fichier de la source est importé : le rapport compte deux conflits et mène à la liste', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/gestion/imports`);
    await waitForPage(page);
    const file = join(mkdtempSync(join(tmpdir(), 'maillage-conflits-')), 'septembre.csv');
    writeFileSync(file, csv({ horaires: 'Mo-Fr 14:00-17:00', telephone: '+33549222222', date_maj: '2026-09-01' }));
    await page.getByLabel('Fichier des lieux').setInputFiles(file);
    await page.getByLabel('Nom de la source').fill(SOURCE);
    await page.getByRole('button', { name: 'Analyser le fichier' }).click();
    const counts = page.getByTestId('import-chiffres');
    await counts.waitFor({ state: 'visible' });
    expect(await counts.getByRole('listitem').filter({ hasText: 'Conflits à examiner (prévu)' }).textContent()).toMatch(/^2/);
    await page.getByRole('button', { name: "Confirmer l'import" }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor({ state: 'visible' });
    expect(await counts.getByRole('listitem').filter({ hasText: 'Conflits à examiner' }).textContent()).toMatch(/^2/);
    await page.getByRole('link', { name: "Examiner les conflits d'import" }).click();
    await page.waitForURL(`${app.baseUrl}/gestion/conflits?departement=86`);
    await waitForPage(page, "Conflits d'import à examiner");
    await page.getByText('2 conflits à examiner', { exact: false }).waitFor({ state: 'visible' });
  });

  for (const width of WIDTHS) {
    it(`/gestion/conflits à ${width} px : aucune violation axe, pas de défilement horizontal`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.baseUrl}/gestion/conflits`);
      await waitForPage(page);
      await page.locator('section.maillage-conflit').first().waitFor({ state: 'visible' });
      await expectNoOverflow(page);
      await expectNoAxeViolations(page, `/gestion/conflits @${width}px`);
    });
  }

  it('montre les deux valeurs en clair et se décide au clavier ; la décision est annoncée', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/`);
    await waitForPage(page);
    // From the menu, as a gestionnaire finds it.
    await page.getByRole('button', { name: 'Gestion des lieux' }).click();
    await page.getByRole('link', { name: "Conflits d'import à examiner" }).click();
    await waitForPage(page);
    const conflicts = page.locator('section.maillage-conflit');
    await conflicts.first().waitFor({ state: 'visible' });
    expect(await conflicts.count()).toBe(2);

    const hours = conflicts.filter({ has: page.getByRole('heading', { name: /Horaires d'ouverture/ }) });
    expect(await hours.textContent()).toContain('Du lundi au samedi : 9 h – 12 h');
    expect(await hours.textContent()).toContain('Du lundi au vendredi : 14 h – 17 h');
    expect(await hours.textContent()).toMatch(/Modifiée le .* par vous/);
    expect(await hours.getByRole('link', { name: /Voir la fiche du lieu/ }).getAttribute('href')).toBe(`/lieux/${lieuId}`);

    // Keyboard only: from the conflict's heading, Tab to « Remplacer par la valeur importée », Enter.
    await hours.getByRole('heading', { level: 2 }).focus();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      if ((await inPage<string>(page, 'document.activeElement?.textContent ?? ""')) === 'Remplacer par la valeur importée') break;
    }
    expect(await inPage<string>(page, 'document.activeElement?.textContent ?? ""')).toBe('Remplacer par la valeur importée');
    await page.keyboard.press('Enter');
    const announce = page.getByTestId('conflits-annonce');
    await announce.filter({ hasText: /Décision enregistrée .*Horaires d'ouverture.* la valeur importée remplace la valeur saisie\. 1 conflit reste à examiner\./ }).waitFor({ state: 'visible' });
    expect(await conflicts.count()).toBe(1);
    // Focus went to the remaining conflict, whose « Garder » button Space activates.
    expect(await inPage<string>(page, 'document.activeElement?.id ?? ""')).toMatch(/^conflit-/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await inPage<string>(page, 'document.activeElement?.textContent ?? ""')).toBe('Garder la valeur saisie');
    await page.keyboard.press('Space');
    await announce.filter({ hasText: /Téléphone.* la valeur saisie dans Maillage est gardée\. Il ne reste aucun conflit à examiner\./ }).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, '/gestion/conflits après les décisions');

    const lieu = (await (await fetch(`${app.baseUrl}/api/v1/lieux/${lieuId}`)).json()) as { lieu: { horaires: string; telephone: string } };
    expect(lieu.lieu).toMatchObject({ horaires: 'Mo-Fr 14:00-17:00', telephone: '+33549111111' });
    await page.reload();
    await waitForPage(page);
    await page.getByText("Aucun conflit d'import à examiner", { exact: false }).waitFor({ state: 'visible' });
  });
});
