// The prescriber's fiche d'orientation: readable, accessible, and one clean printed page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLieux } from '../../src/lieux';
import { expectNoAxeViolations, inPage, launchBrowser, seedDemoLieux, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';


describe('fiche d’orientation (navigateur)', () => {
  let app: E2eServer;
  let browser: Browser;
  let url = '';
  const noms: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await seedDemoLieux(app, ['france-services']);
    const { items } = await listLieux(app.server.ctx.db, { departement: '86' }, { limit: 2 });
    noms.push(...items.map((i) => i.lieu.nom));
    url = `/orientation/fiche?lieux=${items.map((i) => i.id).join(',')}&besoin=${encodeURIComponent('Faire sa déclaration de revenus en ligne')}`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const width of WIDTHS) {
    it(`montre les deux lieux choisis à ${width} px, sans violation axe`, async () => {
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(app.baseUrl + url);
      await waitForPage(page);
      const sheet = page.getByRole('article', { name: 'Fiche à remettre' });
      await sheet.waitFor({ state: 'visible' });
      for (const nom of noms) await sheet.getByRole('heading', { level: 3, name: nom }).waitFor({ state: 'visible' });
      expect(await sheet.textContent()).toContain('Faire sa déclaration de revenus en ligne');
      await expectNoAxeViolations(page, `fiche @${width}px`);
      await context.close();
    });
  }

  it('à l’impression, ne garde que la fiche : ni en-tête, ni navigation, ni formulaire, rien qui déborde', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 794, height: 1123 } });
    const page = await context.newPage();
    await page.goto(app.baseUrl + url);
    await waitForPage(page);
    await page.getByRole('article', { name: 'Fiche à remettre' }).waitFor({ state: 'visible' });
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['header', 'footer', 'nav', 'form']) {
      const visible = await inPage<boolean>(
        page,
        `[...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden')`,
      );
      expect(visible, `${selector} visible à l’impression`).toBe(false);
    }
    expect(await page.getByRole('article', { name: 'Fiche à remettre' }).isVisible()).toBe(true);
    const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
