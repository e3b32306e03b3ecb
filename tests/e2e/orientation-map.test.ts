import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, inPage, launchBrowser, seedDemoLieux, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';

const POITIERS = '86194';
const RESULTS = `/orientation/resultats?besoin=tout&commune=${POITIERS}&commune_nom=Poitiers`;
const MAP_VIEW = `${RESULTS}&vue=carte`;
const MARKERS = '.maillage-map-marker, .maillage-map-cluster';

interface Hit {
  id: string;
  nom: string;
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`: the way a keyboard-only user moves. */
async function tabTo(page: Page, selector: string, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    if (await focused(page, selector)) return;
  }
  throw new Error(`focus never reached ${selector}`);
}

function focused(page: Page, selector: string): Promise<boolean> {
  return inPage<boolean>(page, `!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`);
}

async function noOverflow(page: Page): Promise<void> {
  const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
}

/** Waits for the page and for every "loading" status to be replaced by the answer. */
async function ready(page: Page): Promise<void> {
  await waitForPage(page);
  await expect.poll(() => page.locator('[role="status"]').filter({ hasText: /Chargement|Recherche des/ }).count(), { timeout: 20_000 }).toBe(0);
}

/** The map is drawn: its canvas, the commune background and at least one marker. */
async function mapReady(page: Page): Promise<void> {
  await page.locator('.maplibregl-canvas').waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => page.locator(MARKERS).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: /^Voir sur la carte/ }).first().waitFor({ timeout: 20_000 });
}

/** How many lieux the markers stand for: one per lieu marker, the count of each group. */
async function lieuxOnMap(page: Page): Promise<number> {
  return inPage<number>(
    page,
    `[...document.querySelectorAll('.maillage-map-marker')].length +
     [...document.querySelectorAll('.maillage-map-cluster')].reduce((sum, el) => sum + Number(el.textContent), 0)`,
  );
}

describe('trouver de l’aide : la carte des résultats (navigateur)', () => {
  let app: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  /** 200 % zoom of a 1280 px window: a 640 CSS px layout viewport, 2 device pixels per CSS pixel. */
  let zoomed: BrowserContext;
  let hits: Hit[] = [];
  let axeChecks = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await seedDemoLieux(app);
    // The engine's index follows the registry: wait until the imported lieux are searchable.
    let answer: { total: number; resultats: Hit[] } = { total: 0, resultats: [] };
    for (const deadline = Date.now() + 45_000; answer.total === 0 && Date.now() < deadline; ) {
      const response = await fetch(`${app.baseUrl}/api/v1/orientation?commune=${POITIERS}&rayon_km=30&limite=20`);
      if (response.ok) answer = (await response.json()) as typeof answer;
      if (answer.total === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(answer.total, 'lieux importés trouvés par le moteur').toBeGreaterThan(1);
    hits = answer.resultats;
    const options = { locale: 'fr-FR', timezoneId: 'Europe/Paris' };
    context = await browser.newContext(options);
    context.setDefaultTimeout(15_000);
    zoomed = await browser.newContext({ ...options, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    zoomed.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    console.info(`carte : ${axeChecks} vues vérifiées avec axe, 0 violation`);
    await zoomed?.close();
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('au clavier seul : la vue carte, « Voir sur la carte », Échap, puis la page du lieu depuis la fenêtre de la carte', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(app.baseUrl + RESULTS);
    await ready(page);
    await page.getByRole('list', { name: 'Lieux trouvés' }).waitFor();
    expect(await page.locator('.maplibregl-canvas').count(), 'pas de carte en vue liste').toBe(0);

    // "Liste / Carte": the current view is ticked and announced, not shown by colour alone.
    const choice = page.getByRole('navigation', { name: 'Affichage des lieux' });
    expect(await choice.getByRole('link', { name: 'Liste' }).getAttribute('aria-current')).toBe('true');
    await tabTo(page, 'nav[aria-label="Affichage des lieux"] a[href*="vue=carte"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('vue=carte');
    await mapReady(page);
    expect(await focused(page, 'a[href*="vue=carte"]'), 'le focus reste sur le choix « Carte »').toBe(true);
    expect(await choice.getByRole('link', { name: 'Carte' }).getAttribute('aria-current')).toBe('true');
    await page.getByRole('region', { name: 'Carte des lieux trouvés' }).waitFor();

    // Markers are buttons with words: "Lieu 1 : <nom> — ouvert…".
    const first = page.locator('.maillage-lieux > li').first();
    const name = (await first.locator('h3 a').textContent())!.trim();
    expect(name).toBe(hits[0]!.nom);

    // Skip the map, then the first lieu's "Voir sur la carte".
    await tabTo(page, '.maillage-map-panel > p > button', { max: 5 });
    expect((await inPage<string>(page, 'document.activeElement.textContent')).trim()).toBe('Passer la carte et aller à la liste');
    await page.keyboard.press('Enter');
    expect(await focused(page, '#lieux-trouves > li:first-child h3 a'), 'le focus saute à la liste').toBe(true);
    await tabTo(page, '#lieux-trouves > li:first-child button[aria-label^="Voir sur la carte"]', { max: 10 });
    await page.keyboard.press('Enter');

    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor({ state: 'visible' });
    expect(await popup.textContent()).toContain(name);
    await expect.poll(() => focused(page, '.maplibregl-popup a[href^="/lieu/"]'), { message: 'le focus entre dans la fenêtre' }).toBe(true);
    expect(await page.getByRole('dialog', { name: `Lieu 1 : ${name}` }).count()).toBe(1);

    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    expect(await focused(page, '#lieux-trouves > li:first-child button[aria-label^="Voir sur la carte"]')).toBe(true);

    // Again, then the link of the window (already focused: Tab only if it is not).
    await page.keyboard.press('Enter');
    await popup.waitFor({ state: 'visible' });
    if (!(await focused(page, '.maplibregl-popup a[href^="/lieu/"]'))) await tabTo(page, '.maplibregl-popup a[href^="/lieu/"]', { max: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/lieu/${encodeURIComponent(hits[0]!.id)}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // The back button gives the map view again.
    await page.goBack();
    await expect.poll(() => page.url()).toContain('vue=carte');
    await mapReady(page);
    await page.close();
  });

  it('la carte égale la liste : chaque lieu numéroté comme dans la liste, les groupes se déplient au clavier (mouvements réduits)', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 1280, height: 900 });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(app.baseUrl + RESULTS);
    await ready(page);
    expect(requested.filter((u) => /ResultsMap|maplibre/.test(u)), 'la carte n’est pas téléchargée en vue liste').toEqual([]);

    await page.getByRole('link', { name: 'Carte' }).focus();
    await page.keyboard.press('Enter');
    await mapReady(page);
    expect(requested.some((u) => /ResultsMap-[\w-]+\.js/.test(u)), 'le code de la carte est chargé à la demande').toBe(true);
    expect(requested.some((u) => u.includes('/api/v1/territoires/contours?departement=86')), 'fond des communes demandé').toBe(true);
    expect(requested.some((u) => /tile|tuile/i.test(u) && !u.startsWith(app.baseUrl)), 'aucun serveur de tuiles').toBe(false);

    const items = page.locator('#lieux-trouves > li');
    const count = await items.count();
    expect(count).toBe(Math.min(hits.length, 20));
    await expect.poll(() => lieuxOnMap(page)).toBe(count);
    // Each list item shows its number; each marker says its number, name and opening in words.
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      expect((await item.locator('.maillage-map-number').textContent())?.trim()).toBe(String(i + 1));
    }
    const labels = await inPage<Array<[string, string]>>(
      page,
      `[...document.querySelectorAll('.maillage-map-marker')].map((el) => [el.textContent, el.getAttribute('aria-label')])`,
    );
    for (const [text, label] of labels) {
      const n = Number(text);
      const nom = (await items.nth(n - 1).locator('h3 a').textContent())!.trim();
      expect(label).toMatch(new RegExp(`^Lieu ${n} : .+ — (ouvert|fermé|horaires non renseignés)`, 'i'));
      expect(label).toContain(nom);
    }
    for (const label of await inPage<string[]>(page, `[...document.querySelectorAll('.maillage-map-cluster')].map((el) => el.getAttribute('aria-label'))`)) {
      expect(label).toMatch(/^\d+ lieux ici : zoomer$/);
    }

    // A group, from the keyboard: it opens into its lieux and the focus follows (the lieux of Poitiers are close: groups).
    const cluster = page.locator('.maillage-map-cluster').first();
    expect(await cluster.count(), 'des lieux groupés').toBeGreaterThan(0);
    const before = await page.locator('.maillage-map-marker').count();
    await cluster.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.maillage-map-marker').count()).toBeGreaterThan(before);
    await expect
      .poll(() => focused(page, '.maillage-map-marker, .maillage-map-cluster, .maplibregl-canvas'), { message: 'le focus reste dans la carte' })
      .toBe(true);
    // Zoomed in, some lieux are now outside the map: never more markers than lieux.
    expect(await lieuxOnMap(page)).toBeLessThanOrEqual(count);

    // A marker opens the same window as the list's button.
    const marker = page.locator('.maillage-map-marker').first();
    const n = Number(await marker.textContent());
    await marker.focus();
    await page.keyboard.press('Enter');
    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor({ state: 'visible' });
    expect(await popup.textContent()).toContain((await items.nth(n - 1).locator('h3 a').textContent())!.trim());
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    expect(await focused(page, '.maillage-map-marker')).toBe(true);

    // Printed, the page keeps the list and drops the map.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.maillage-map').isVisible()).toBe(false);
    expect(await items.first().isVisible()).toBe(true);
    await page.close();
  });

  it('sans WebGL : une phrase le dit et la liste reste entière, jamais une page blanche', async () => {
    const page = await context.newPage();
    await page.addInitScript(`{
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return /webgl/.test(String(type)) ? null : original.call(this, type, ...rest);
      };
    }`);
    page.on('pageerror', () => undefined);
    await page.goto(app.baseUrl + MAP_VIEW);
    await ready(page);
    await page.getByText("La carte ne peut pas s'afficher sur cet appareil ; la liste contient les mêmes lieux.").waitFor();
    expect(await page.locator('#lieux-trouves > li').count()).toBe(Math.min(hits.length, 20));
    expect(await page.getByRole('button', { name: /^Voir sur la carte/ }).count(), 'aucun bouton qui ne ferait rien').toBe(0);
    await expectNoAxeViolations(page, 'carte sans WebGL');
    axeChecks++;
    await page.close();
  });

  it('avec MAP_TILE_URL : les tuiles sous les contours, et leur mention sur la carte', async () => {
    const tiled = await startE2eServer({ MAP_TILE_URL: 'https://tuiles.exemple.test/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Tuiles de test' });
    try {
      await seedDemoLieux(tiled);
      for (const deadline = Date.now() + 45_000; Date.now() < deadline; ) {
        const answer = (await (await fetch(`${tiled.baseUrl}/api/v1/orientation?commune=${POITIERS}&rayon_km=30`)).json()) as { total: number };
        if (answer.total > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const page = await context.newPage();
      const tiles: string[] = [];
      // A 1×1 PNG for every tile: no real tile server is reached.
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
      await page.route('https://tuiles.exemple.test/**', (route) => {
        tiles.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'image/png', body: png });
      });
      await page.goto(tiled.baseUrl + MAP_VIEW);
      await ready(page);
      await mapReady(page);
      await expect.poll(() => tiles.length, { message: 'tuiles demandées' }).toBeGreaterThan(0);
      expect(tiles[0]).toMatch(/^https:\/\/tuiles\.exemple\.test\/\d+\/\d+\/\d+\.png$/);
      await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('© Tuiles de test');
      expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('IGN ADMIN EXPRESS');
      await page.close();
    } finally {
      await tiled.close();
    }
  }, 120_000);

  for (const width of [...WIDTHS, 'zoom 200 %'] as const) {
    it(`vue carte à ${width === 'zoom 200 %' ? width : `${width} px`} : aucune violation axe (fenêtre fermée puis ouverte), rien ne dépasse`, async () => {
      const page = width === 'zoom 200 %' ? await zoomed.newPage() : await context.newPage();
      if (width !== 'zoom 200 %') await page.setViewportSize({ width, height: 900 });
      await page.goto(app.baseUrl + MAP_VIEW);
      await ready(page);
      await mapReady(page);
      await noOverflow(page);
      const box = await page.locator('.maillage-map__canvas').boundingBox();
      expect(box!.width, 'la carte tient dans l’écran').toBeLessThanOrEqual(width === 'zoom 200 %' ? 640 : width);
      expect(box!.height, 'une carte assez haute pour servir').toBeGreaterThanOrEqual(250);
      await expectNoAxeViolations(page, `vue carte @${width}`);
      axeChecks++;
      await page.getByRole('button', { name: /^Voir sur la carte/ }).first().focus();
      await page.keyboard.press('Enter');
      await page.locator('.maplibregl-popup').waitFor({ state: 'visible' });
      await noOverflow(page);
      await expectNoAxeViolations(page, `vue carte, fenêtre ouverte @${width}`);
      axeChecks++;
      await page.close();
    });
  }
});
