// The reliability dashboard in the browser, on the seeded demo (the Vienne and its simulated year): the Vienne's
// gestionnaire opens « Pilotage », reaches a figure from the keyboard and gets exactly the lieux behind it, sorts the
// stale list by its column headers; axe-core at 1280 and 320 px and at 200 % zoom.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/demo';
import { browserContexts, expectNoAxeViolations, expectNoOverflow, inPage, signedInContext, startE2e, waitForPage, WIDTHS, type E2e, type E2eServer } from './helpers';

const GESTIONNAIRE = DEMO_ACCOUNTS.find((a) => a.role === 'gestionnaire')!.email;

/** Tab until the element with this id has the focus (keyboard only), then says whether it was reached. */
async function tabTo(page: Page, id: string, max = 80): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await inPage<string>(page, 'document.activeElement?.id ?? ""')) === id) return true;
  }
  return false;
}
const activeId = (page: Page) => inPage<string>(page, 'document.activeElement?.id ?? ""');

describe('fiabilité de la carte (navigateur)', () => {
  let e2e: E2e;
  let app: E2eServer;
  let context: BrowserContext;
  /** 200 % zoom of a 1280 px window: a 640 CSS px layout viewport, 2 device pixels per CSS pixel. */
  let zoomed: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2e({ SEED_DEMO: 'true' });
    ({ app } = e2e);
    [context] = await browserContexts(e2e.browser, 1, { timeout: 15_000 });
    [zoomed] = await browserContexts(e2e.browser, 1, { timeout: 15_000, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    for (const c of [context, zoomed]) await signedInContext(e2e, c, GESTIONNAIRE);
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('« Pilotage » mène au tableau de bord de la Vienne, qui dit que son historique est simulé', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.baseUrl}/`);
    await waitForPage(page);
    await page.getByRole('link', { name: 'Pilotage' }).click();
    await page.waitForURL(`${app.baseUrl}/pilotage/fiabilite`);
    await waitForPage(page, 'Fiabilité de la carte');
    await page.getByRole('heading', { name: 'Vienne', level: 2 }).waitFor({ state: 'visible' });
    await page.getByText('Historique simulé').waitFor({ state: 'visible' });
    // The target is said in words next to each share.
    expect(await page.getByText(/^Objectif (non )?atteint$/).count()).toBe(2);
    // Two charts, each with its target line labelled, and the table with the same figures.
    expect(await page.getByRole('img', { name: /Part des lieux/ }).count()).toBe(2);
    expect(await page.locator('svg text', { hasText: 'Objectif 95 %' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: /Évolution mois par mois/ }).getByRole('row').count()).toBe(13);
    // The Excel download answers with a workbook.
    const href = await page.getByRole('link', { name: 'Télécharger (Excel)' }).getAttribute('href');
    const download = await context.request.get(`${app.baseUrl}${href!}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('au clavier : un chiffre donne exactement ses lieux, puis le focus revient au chiffre', async () => {
    await page.getByRole('heading', { name: 'Fiabilité de la carte', level: 1 }).focus();
    expect(await tabTo(page, 'trace-confirmes'), 'chiffre « lieux confirmés » atteint à la tabulation').toBe(true);
    const label = (await page.locator('#trace-confirmes').textContent())!;
    const count = Number(/Voir les ([\d\s\u202f]+) lieux? confirmés?/.exec(label)![1]!.replace(/\D/g, ''));
    await page.keyboard.press('Enter');
    const heading = page.locator('#lieux-derriere');
    await heading.filter({ hasText: /^Lieux confirmés depuis moins de 6 mois : / }).waitFor({ state: 'visible' });
    expect(await activeId(page)).toBe('lieux-derriere');
    const table = page.locator('#lieux-derriere-section table');
    const shown = (await table.locator('tbody tr td:first-child').allTextContents()).sort();
    expect(shown).toHaveLength(count);
    const api = (await (await context.request.get(`${app.baseUrl}/api/v1/fiabilite/lieux?departement=86&indicateur=confirmes`)).json()) as {
      lieux: Array<{ nom: string }>;
    };
    expect(shown).toEqual(api.lieux.map((l) => l.nom).sort());

    // Tab through the list to « Fermer la liste ».
    for (let i = 0; i < 400 && (await inPage<string>(page, 'document.activeElement?.textContent ?? ""')) !== 'Fermer la liste'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await heading.waitFor({ state: 'detached' });
    await page.waitForFunction("document.activeElement?.id === 'trace-confirmes'");

    // A past month's figure, from the evolution table.
    const firstMonth = (await page.getByRole('table', { name: /Évolution mois par mois/ }).locator('tbody tr th').first().textContent())!;
    const monthId = await page.locator('[id^="trace-confirmes-"]').first().getAttribute('id');
    expect(await tabTo(page, monthId!, 200)).toBe(true);
    await page.keyboard.press('Enter');
    await heading.filter({ hasText: `(fin ${firstMonth})` }).waitFor({ state: 'visible' });
    expect(await activeId(page)).toBe('lieux-derriere');
  });

  it('la liste des lieux à vérifier se trie par ses titres de colonnes, au clavier, et le dit', async () => {
    const table = page.getByRole('table', { name: /Lieux à vérifier \(/ });
    const header = (name: string) => table.getByRole('columnheader', { name: new RegExp(`^${name}`) });
    const communes = async () => table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(await header('Dernière confirmation').getAttribute('aria-sort')).toBe('ascending');

    await header('Commune').getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await header('Commune').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Dernière confirmation').getAttribute('aria-sort')).toBeNull();
    const ascending = await communes();
    expect(ascending.length).toBeGreaterThan(1);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, 'fr')));
    await page.getByRole('status').filter({ hasText: 'Liste triée par commune, ordre croissant.' }).waitFor({ state: 'attached' });

    await page.keyboard.press('Enter');
    expect(await header('Commune').getAttribute('aria-sort')).toBe('descending');
    const descending = await communes();
    expect(descending).toEqual([...ascending].sort((a, b) => b.localeCompare(a, 'fr')));
    await page.getByRole('status').filter({ hasText: 'Liste triée par commune, ordre décroissant.' }).waitFor({ state: 'attached' });
  });

  for (const width of [...WIDTHS, 'zoom 200 %'] as const) {
    it(`/pilotage/fiabilite à ${width === 'zoom 200 %' ? width : `${width} px`} : aucune violation axe, liste de lieux ouverte, rien ne dépasse`, async () => {
      const p = width === 'zoom 200 %' ? await zoomed.newPage() : await context.newPage();
      if (width !== 'zoom 200 %') await p.setViewportSize({ width, height: 900 });
      await p.goto(`${app.baseUrl}/pilotage/fiabilite`);
      await waitForPage(p);
      await p.getByRole('heading', { name: 'Vienne', level: 2 }).waitFor({ state: 'visible' });
      await p.locator('#trace-a-verifier').focus();
      await p.keyboard.press('Enter');
      await p.locator('#lieux-derriere-section table').waitFor({ state: 'visible' });
      await expectNoOverflow(p);
      await expectNoAxeViolations(p, `/pilotage/fiabilite @${width}`);
      await p.close();
    });
  }
});
