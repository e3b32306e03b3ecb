import { createServer, type Server as HttpServer } from 'node:http';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, freePort, inPage, launchBrowser, seedDemoLieux, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';

/**
 * The embeddable search (docs/widget.md), as a commune's website shows it: a page served from another origin, with
 * the one-line script of the /integrer page; everything done with the keyboard, axe on every page and size.
 */

const POITIERS = '86194';
const DEMARCHES = 'Aide aux démarches administratives';
const OUTILS = 'Maîtrise des outils numériques du quotidien';
const FRAME_TITLE = "Trouver de l'aide numérique près de chez vous";

/** The commune's website: its own heading and link, then the snippet; and a page that tries to frame the site itself. */
function startHostSite(maillage: string, port: number): Promise<HttpServer> {
  const pages: Record<string, string> = {
    '/': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mairie d'Exempleville — Numérique</title></head>
<body><h1>Mairie d'Exempleville</h1><p><a href="/contact">Nous contacter</a></p>
<script src="${maillage}/widget.js" data-territoire="86" data-services="${DEMARCHES}|${OUTILS}" async></script>
<p>Bas de page de la mairie.</p></body></html>`,
    '/cadre-interdit': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Cadre</title></head>
<body><iframe id="accueil" src="${maillage}/" title="Accueil de Maillage"></iframe><iframe id="orientation" src="${maillage}/orientation" title="Orientation"></iframe></body></html>`,
  };
  const server = createServer((req, res) => {
    const page = pages[(req.url ?? '/').split('?')[0]!];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'introuvable');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Presses Tab until the focused element of `frame` matches `selector` (the frame itself having the focus). */
async function tabTo(page: Page, frame: Frame, selector: string, max = 40): Promise<void> {
  const check = `document.hasFocus() && !!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await frame.evaluate<boolean>(check)) return;
  }
  throw new Error(`focus never reached ${selector}`);
}

const focusedText = (frame: Frame) => frame.evaluate<string>('(document.activeElement && document.activeElement.textContent || "").trim()');

async function frameHeight(frame: Locator): Promise<number> {
  return (await frame.boundingBox())?.height ?? 0;
}

/** The widget is there and the DSFR script has started (it adds attributes axe would see). */
async function widgetReady(target: Page | Frame): Promise<void> {
  await target.locator('#widget-titre').waitFor({ state: 'visible' });
  await target.waitForFunction("document.documentElement.hasAttribute('data-fr-js')", undefined, { timeout: 5_000 }).catch(() => undefined);
}

async function noOverflow(page: Page): Promise<void> {
  const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
}

describe('module de recherche à intégrer sur le site d’une commune (navigateur)', () => {
  let app: E2eServer;
  let browser: Browser;
  let host: HttpServer;
  let hostUrl: string;
  let context: BrowserContext;
  let zoomed: BrowserContext;
  let axeChecks = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const port = await freePort();
    host = await startHostSite(app.baseUrl, port);
    hostUrl = `http://127.0.0.1:${port}`;
    expect(new URL(hostUrl).origin).not.toBe(new URL(app.baseUrl).origin);
    await seedDemoLieux(app);
    // The engine's index follows the registry: wait until the imported lieux are searchable.
    let total = 0;
    for (const deadline = Date.now() + 45_000; total === 0 && Date.now() < deadline; ) {
      const response = await fetch(`${app.baseUrl}/api/v1/orientation?commune=${POITIERS}&rayon_km=30&limite=1`);
      if (response.ok) total = ((await response.json()) as { total: number }).total;
      if (total === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(total, 'lieux importés trouvés par le moteur').toBeGreaterThan(0);
    const options = { locale: 'fr-FR', timezoneId: 'Europe/Paris' };
    context = await browser.newContext({ ...options, permissions: ['clipboard-read', 'clipboard-write'] });
    context.setDefaultTimeout(10_000);
    zoomed = await browser.newContext({ ...options, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    zoomed.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    console.info(`module à intégrer : ${axeChecks} pages vérifiées avec axe, 0 violation`);
    await zoomed?.close();
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
    await app?.close();
  });

  it('la balise script insère le module, sa hauteur suit le contenu ; on cherche au clavier ; les liens ouvrent Maillage', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(hostUrl + '/');
    const iframe = page.locator(`iframe[title="${FRAME_TITLE}"]`);
    await iframe.waitFor();
    // Right after the script tag, pointing at the script's own site, with the settings of the data- attributes.
    expect(await page.evaluate<string>("document.querySelector('script[src$=\"/widget.js\"]').nextElementSibling.tagName")).toBe('IFRAME');
    const src = new URL((await iframe.getAttribute('src'))!);
    expect(src.origin).toBe(app.baseUrl);
    expect(src.pathname).toBe('/widget');
    expect(src.searchParams.get('territoire')).toBe('86');
    expect(src.searchParams.getAll('services')).toEqual([DEMARCHES, OUTILS]);

    const frame = (await (await iframe.elementHandle())!.contentFrame())!;
    await widgetReady(frame);
    // The loader starts at 520 px; the widget then tells its real height.
    await expect.poll(() => iframe.evaluate((f) => (f as unknown as { style: { height: string } }).style.height)).not.toBe('520px');
    const before = await frameHeight(iframe);
    expect(before).toBeGreaterThan(200);
    const contentHeight = () => frame.evaluate<number>("Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)");
    expect(Math.abs(before - (await contentHeight()))).toBeLessThanOrEqual(2);

    // Keyboard only: from the commune's page into the frame, type, choose the suggestion, search.
    await tabTo(page, frame, '#widget-commune');
    await page.keyboard.type('Poitiers');
    await frame.getByRole('list', { name: 'Communes proposées' }).getByRole('button', { name: /^Poitiers \(86000/ }).waitFor();
    await frame.getByRole('status').filter({ hasText: /communes? proposées? sous le champ/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(frame)).toMatch(/^Poitiers \(86000/);
    await page.keyboard.press('Enter');
    await frame.getByRole('status').filter({ hasText: 'Commune choisie : Poitiers (86000' }).waitFor();
    expect(await frame.locator('#widget-commune').inputValue()).toBe('Poitiers');
    expect(await frame.evaluate<string>('document.activeElement.id')).toBe('widget-commune');
    // The need: only the two services configured, plus "both".
    const options = await frame.locator('#widget-besoin option').allTextContents();
    expect(options).toEqual(['Toutes ces aides', 'Faire une démarche en ligne', 'Apprendre à utiliser mon téléphone, ma tablette ou mon ordinateur']);
    await tabTo(page, frame, '#widget-besoin');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await frame.locator('#widget-besoin').inputValue()).toBe(OUTILS);
    await tabTo(page, frame, 'button[type="submit"]');
    expect(await focusedText(frame)).toBe('Rechercher');
    await page.keyboard.press('Enter');

    const items = frame.locator('.maillage-widget-lieux > li');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(5);
    await frame.getByRole('status').filter({ hasText: /lieux? trouvés?/ }).waitFor();
    for (const text of await items.allTextContents()) {
      expect(text).toMatch(/À [\d,]+ km — environ .+ en voiture/);
      expect(text).toMatch(/Ouvert maintenant|Fermé maintenant|Horaires non renseignés/);
    }
    // Each lieu links to its page on the Maillage site, in a new window.
    for (const link of await items.locator('h4 a').all()) {
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^${app.baseUrl}/lieu/[^/?#]+$`));
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      expect(await link.getAttribute('title')).toContain('(nouvelle fenêtre)');
    }
    const phones = items.locator('a[href^="tel:"]');
    if ((await phones.count()) > 0) expect(await phones.first().textContent()).toMatch(/^Téléphoner : 0\d( \d\d){4}$/);
    const all = frame.getByRole('link', { name: /^Voir tous les lieux/ });
    const allHref = new URL((await all.getAttribute('href'))!);
    expect(allHref.origin + allHref.pathname).toBe(`${app.baseUrl}/orientation/resultats`);
    expect(Object.fromEntries(allHref.searchParams)).toMatchObject({ commune: POITIERS, commune_nom: 'Poitiers', besoin: 'appareils', rayon: '30' });
    expect(await all.getAttribute('target')).toBe('_blank');
    expect(await all.getAttribute('title')).toContain('(nouvelle fenêtre)');

    // The frame grew with the results, to the height of its content.
    await expect.poll(() => frameHeight(iframe)).toBeGreaterThan(before + 100);
    await expect.poll(async () => Math.abs((await frameHeight(iframe)) - (await contentHeight()))).toBeLessThanOrEqual(2);

    // A lieu, from the keyboard: the Maillage site opens in a new window, not inside the commune's page.
    const firstName = (await items.first().locator('h4 a').textContent())!.trim();
    await tabTo(page, frame, '.maillage-widget-lieux h4 a');
    const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await popup.waitForLoadState();
    expect(popup.url()).toMatch(new RegExp(`^${app.baseUrl}/lieu/`));
    await waitForPage(popup);
    await popup.getByRole('heading', { level: 1, name: firstName }).waitFor();
    expect(page.url()).toBe(hostUrl + '/');
    await popup.close();
    await page.close();
  });

  it('les autres pages de Maillage refusent de s’afficher dans le cadre d’un autre site', async () => {
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(hostUrl + '/cadre-interdit');
    await expect.poll(() => blocked.length).toBeGreaterThanOrEqual(2);
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      expect(await frame.locator('#titre-page').count()).toBe(0);
    }
    await page.close();
  });

  it('des réglages inconnus donnent un message en français, et le module cherche quand même', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });

    // A commune as territory: already chosen. An unknown service next to a valid one: the valid one is kept.
    await page.goto(`${app.baseUrl}/widget?territoire=${POITIERS}&services=inconnu&services=${encodeURIComponent(OUTILS)}`);
    await widgetReady(page);
    await page.getByText('Service inconnu : « inconnu ». La recherche porte sur les autres services demandés.').waitFor();
    await expect.poll(() => page.locator('#widget-commune').inputValue()).toBe('Poitiers');
    await page.getByText('Aide proposée : Apprendre à utiliser mon téléphone, ma tablette ou mon ordinateur').waitFor();
    await page.getByRole('button', { name: 'Rechercher' }).press('Enter');
    await page.locator('.maillage-widget-lieux > li').first().waitFor();
    await expectNoAxeViolations(page, 'widget avec message et résultats @320px');
    axeChecks++;

    // Only an unknown service: every service. A wrong territory and radius: ignored, said so. A typed commune is enough.
    await page.goto(`${app.baseUrl}/widget?services=inconnu&territoire=abc&rayon=500`);
    await widgetReady(page);
    const alert = page.locator('.fr-alert');
    await alert.getByText(/Service inconnu : « inconnu »\. La recherche porte sur tous les services\./).waitFor();
    expect(await alert.textContent()).toMatch(/Territoire « abc » non reconnu/);
    expect(await alert.textContent()).toMatch(/Rayon « 500 » non valide/);
    expect(await page.locator('#widget-besoin option').count()).toBe(10);
    await page.locator('#widget-commune').fill('poitiers');
    await page.getByRole('button', { name: 'Rechercher' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Commune choisie : Poitiers' }).waitFor();
    await page.locator('.maillage-widget-lieux > li').first().waitFor();

    // No lieu near that commune (the demo lieux are in the Vienne): said so, with help by telephone.
    await page.goto(`${app.baseUrl}/widget?territoire=75056`);
    await widgetReady(page);
    await expect.poll(() => page.locator('#widget-commune').inputValue()).toBe('Paris');
    await page.getByRole('button', { name: 'Rechercher' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Aucun lieu trouvé à moins de 30 km de Paris.' }).waitFor();
    expect(await page.getByRole('link', { name: '01 70 772 372' }).getAttribute('href')).toBe('tel:+33170772372');
    await page.getByRole('link', { name: /^Voir tous les lieux/ }).waitFor();

    // An EPCI (Grand Poitiers): its communes come first, before the more populated namesakes elsewhere.
    await page.goto(`${app.baseUrl}/widget?territoire=200069854`);
    await widgetReady(page);
    await page.locator('#widget-commune').fill('Saint-Benoît');
    const suggestions = page.getByRole('list', { name: 'Communes proposées' }).getByRole('button');
    await suggestions.first().waitFor();
    expect(await suggestions.first().textContent()).toMatch(/^Saint-Benoît \(86/);
    expect(await suggestions.count()).toBeGreaterThan(1);

    // Nothing typed: a message on the field, never a blank page.
    await page.goto(`${app.baseUrl}/widget`);
    await widgetReady(page);
    await page.getByRole('button', { name: 'Rechercher' }).press('Enter');
    await page.getByText(/Tapez le nom de votre commune ou son code postal/).waitFor();
    expect(await page.locator('#widget-commune').getAttribute('aria-invalid')).toBe('true');
    // A territory code of the right shape that does not exist.
    await page.goto(`${app.baseUrl}/widget?territoire=86999`);
    await widgetReady(page);
    await page.getByText(/Commune « 86999 » : .*Le territoire est ignoré/).waitFor();
    await page.close();
  });

  for (const width of [...WIDTHS, 'zoom 200 %'] as const) {
    const label = width === 'zoom 200 %' ? width : `${width} px`;
    const open = async (path: string) => {
      const page = width === 'zoom 200 %' ? await zoomed.newPage() : await context.newPage();
      if (width !== 'zoom 200 %') await page.setViewportSize({ width, height: 900 });
      await page.goto(app.baseUrl + path);
      return page;
    };

    it(`/widget à ${label} : aucune violation axe, avant et après une recherche`, async () => {
      const page = await open(`/widget?territoire=86&services=${encodeURIComponent(DEMARCHES)}&services=${encodeURIComponent(OUTILS)}`);
      await widgetReady(page);
      await noOverflow(page);
      await expectNoAxeViolations(page, `/widget @${label}`);
      await page.locator('#widget-commune').fill('86000');
      await page.getByRole('list', { name: 'Communes proposées' }).waitFor();
      await noOverflow(page);
      await expectNoAxeViolations(page, `/widget suggestions @${label}`);
      await page.getByRole('button', { name: /^Poitiers \(86000/ }).press('Enter');
      await page.getByRole('button', { name: 'Rechercher' }).press('Enter');
      await page.locator('.maillage-widget-lieux > li').first().waitFor();
      await noOverflow(page);
      await expectNoAxeViolations(page, `/widget résultats @${label}`);
      axeChecks += 3;
      await page.close();
    });

    it(`/integrer à ${label} : aucune violation axe (aperçu compris)`, async () => {
      const page = await open('/integrer');
      await waitForPage(page);
      const preview = page.frameLocator('iframe.maillage-preview');
      await preview.locator('#widget-titre').waitFor();
      await noOverflow(page);
      await expectNoAxeViolations(page, `/integrer @${label}`);
      axeChecks++;
      await page.close();
    });
  }

  it('/integrer : on règle au clavier, l’aperçu et le code suivent, « Copier le code » copie et l’annonce', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(app.baseUrl + '/plan-du-site');
    await waitForPage(page);
    await page.getByRole('link', { name: 'Intégrer la recherche sur votre site' }).press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Intégrer la recherche sur votre site' }).waitFor();

    await page.locator('#integrer-territoire').fill('8');
    await page.getByText(/Code non reconnu/).waitFor();
    await page.locator('#integrer-territoire').press('6');
    await expect.poll(() => page.getByText(/Code non reconnu/).count()).toBe(0);
    await page.getByRole('checkbox', { name: /Faire une démarche en ligne/ }).focus();
    await page.keyboard.press('Space');
    await page.locator('#integrer-titre').fill('Besoin d’aide avec Internet ?');

    const script = page.locator('pre code').first();
    const expected = `<script src="${app.baseUrl}/widget.js" data-territoire="86" data-services="${DEMARCHES}" data-titre="Besoin d’aide avec Internet ?" async></script>`;
    await expect.poll(() => script.textContent()).toBe(expected);
    const iframeCode = (await page.locator('pre code').nth(1).textContent())!;
    expect(iframeCode).toContain(`src="${app.baseUrl}/widget?territoire=86&amp;services=Aide+aux+d%C3%A9marches+administratives&amp;titre=`);
    expect(iframeCode).toContain(`title="${FRAME_TITLE}"`);

    // The preview shows the settings.
    const preview = page.frameLocator('iframe.maillage-preview');
    await preview.getByRole('heading', { name: 'Besoin d’aide avec Internet ?' }).waitFor();
    await preview.getByText('Aide proposée : Faire une démarche en ligne').waitFor();

    // Copy, with the keyboard; the status says it; the clipboard holds the code.
    const copy = page.getByRole('button', { name: /^Copier le code/ }).first();
    await copy.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Code copié' }).first().waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(expected);
    await page.close();
  });

  it('/integrer sans presse-papiers (navigateur ancien, site sans HTTPS) : le code est sélectionné ou copié autrement', async () => {
    const page = await context.newPage();
    await page.addInitScript("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })");
    await page.goto(app.baseUrl + '/integrer');
    await waitForPage(page);
    await page.getByRole('button', { name: /^Copier le code/ }).nth(1).press('Enter');
    await page.getByRole('status').filter({ hasText: /Code copié|Le code est sélectionné/ }).first().waitFor();
    expect(await page.evaluate<string>('String(window.getSelection())')).toBe(await page.locator('pre code').nth(1).textContent());
    await page.close();
  });
});
