import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, inPage, launchBrowser, seedDemoLieux, startE2eServer, waitForPage, WIDTHS, type E2eServer } from './helpers';

const POITIERS = '86194';
/** A Tuesday far from today: opening results never depend on the real clock. */
const TUESDAY = '2030-12-03';


interface Hit {
  id: string;
  nom: string;
  ouvert: boolean | null;
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`: the way a keyboard-only user moves. */
async function tabTo(page: Page, selector: string, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    if (await inPage<boolean>(page, `!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return;
  }
  throw new Error(`focus never reached ${selector}`);
}

async function noOverflow(page: Page): Promise<void> {
  const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'défilement horizontal').toBeLessThanOrEqual(0);
}

/** Waits for the page and for every "loading" status to be replaced by the answer. */
async function ready(page: Page): Promise<void> {
  await waitForPage(page);
  await page
    .locator('[role="status"]')
    .filter({ hasText: /Chargement|Recherche des|Calcul d/ })
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await expect.poll(() => page.locator('[role="status"]').filter({ hasText: /Chargement|Recherche des|Calcul d/ }).count()).toBe(0);
}

describe('trouver de l’aide : parcours public (navigateur)', () => {
  let app: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  /** 200 % zoom of a 1280 px window: the layout viewport is 640 CSS px, rendered with 2 device pixels per CSS pixel. */
  let zoomed: BrowserContext;
  let lieuWithHours: Hit;
  let axeChecks = 0;

  const step = (etape: string, extra = '') =>
    `/orientation?etape=${etape}&besoin=appareils&commune=${POITIERS}&commune_nom=Poitiers${extra}`;
  const results = `/orientation/resultats?besoin=appareils&commune=${POITIERS}&commune_nom=Poitiers`;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await seedDemoLieux(app);
    // The engine's index follows the registry: wait until the imported lieux are searchable.
    let answer: { total: number; resultats: Hit[] } = { total: 0, resultats: [] };
    for (const deadline = Date.now() + 45_000; answer.total === 0 && Date.now() < deadline; ) {
      const response = await fetch(`${app.baseUrl}/api/v1/orientation?commune=${POITIERS}&rayon_km=30&limite=50`);
      if (response.ok) answer = (await response.json()) as typeof answer;
      if (answer.total === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(answer.total, 'lieux importés trouvés par le moteur').toBeGreaterThan(0);
    for (const hit of answer.resultats) {
      const detail = (await (await fetch(`${app.baseUrl}/api/v1/lieux/${encodeURIComponent(hit.id)}`)).json()) as { lieu: { horaires?: string | null } };
      if (detail.lieu.horaires) {
        lieuWithHours = hit;
        break;
      }
    }
    expect(lieuWithHours, 'un lieu de Poitiers avec des horaires').toBeDefined();
    const options = { locale: 'fr-FR', timezoneId: 'Europe/Paris' };
    context = await browser.newContext(options);
    context.setDefaultTimeout(10_000);
    zoomed = await browser.newContext({ ...options, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    zoomed.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    console.info(`orientation : ${axeChecks} pages vérifiées avec axe, 0 violation`);
    await zoomed?.close();
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  const PAGES = [
    '/',
    '/orientation',
    step('disponibilite', `&quand=creneau&jour=${TUESDAY}&moment=matin`),
    step('localisation'),
    step('accessibilite'),
    '/orientation/commune?q=poitier&suite=resultats&besoin=appareils',
    results,
    `/orientation/resultats?besoin=materiel&commune=75056&commune_nom=Paris&rayon=5`,
    '/lieu/:lieu',
    '/orientation/fiche?lieux=:lieu&besoin=Faire%20une%20d%C3%A9marche',
  ];

  for (const width of [...WIDTHS, 'zoom 200 %'] as const) {
    for (const path of PAGES) {
      it(`${path} à ${width === 'zoom 200 %' ? width : `${width} px`} : aucune violation axe, rien ne dépasse`, async () => {
        const page = width === 'zoom 200 %' ? await zoomed.newPage() : await context.newPage();
        if (width !== 'zoom 200 %') await page.setViewportSize({ width, height: 900 });
        await page.goto(app.baseUrl + path.replace(':lieu', encodeURIComponent(lieuWithHours.id)));
        await ready(page);
        await noOverflow(page);
        await expectNoAxeViolations(page, `${path} @${width}`);
        axeChecks++;
        await page.close();
      });
    }
  }

  it('au clavier seul : de l’accueil aux résultats, les 4 étapes, le retour arrière, puis la page d’un lieu', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(app.baseUrl + '/');
    await waitForPage(page);

    // Home: commune, need (arrow keys in the list), "Chercher" with Enter.
    await tabTo(page, '#trouver-commune');
    await page.keyboard.type('poitier');
    await tabTo(page, '#trouver-besoin');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#trouver-besoin').inputValue()).toBe('appareils');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    // Choose the commune (typo tolerated), then the results.
    await page.getByRole('heading', { level: 1, name: 'Choisissez votre commune' }).waitFor();
    await tabTo(page, 'a[href*="commune=86194"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: "Lieux d'aide au numérique" }).waitFor();
    await ready(page);
    expect(page.url()).toContain('commune=86194');
    await page.getByRole('list', { name: 'Lieux trouvés' }).waitFor();

    // "Modifier ma recherche": the 4 steps, keyboard only.
    await tabTo(page, 'a[href*="etape=besoin"]');
    await page.keyboard.press('Enter');
    await page.getByText('Étape 1 sur 4').waitFor();
    await ready(page);
    await expect.poll(() => page.locator('.maillage-count').textContent()).toMatch(/lieux? correspond/);
    await tabTo(page, 'input[name="besoin"]');
    expect(await inPage<string>(page, 'document.activeElement.value')).toBe('appareils');
    await page.keyboard.press('ArrowDown'); // radio group: the arrows move and check
    expect(await inPage<string>(page, 'document.activeElement.value')).toBe('securite');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('input[name="besoin"][value="appareils"]').isChecked()).toBe(true);
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByText('Étape 2 sur 4').waitFor();
    expect(page.url()).toContain('besoin=appareils');
    await tabTo(page, 'input[name="quand"]');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Space');

    await page.getByText('Étape 3 sur 4').waitFor();
    expect(page.url()).toContain('quand=peu-importe');
    await tabTo(page, '#etape-rayon');
    await page.keyboard.press('ArrowDown'); // 30 → 50 km
    expect(await page.locator('#etape-rayon').inputValue()).toBe('50');
    await tabTo(page, '#etape-commune', { back: true });
    await page.keyboard.press('Enter'); // same commune: straight to the last step

    await page.getByText('Étape 4 sur 4').waitFor();
    expect(page.url()).toContain('rayon=50');
    await tabTo(page, 'input[name="modalites"][value="Se présenter"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: "Lieux d'aide au numérique" }).waitFor();
    await ready(page);
    expect(page.url()).toMatch(/modalites=Se(\+|%20)pr%C3%A9senter/);
    await page.getByRole('status').filter({ hasText: /lieux? trouvés?|Aucun lieu/ }).waitFor();

    // The browser's back button gives the previous step back, with its answer.
    await page.goBack();
    await page.getByText('Étape 4 sur 4').waitFor();
    expect(page.url()).toContain('rayon=50'); // the answers given before this step are kept
    await page.goBack();
    await page.getByText('Étape 3 sur 4').waitFor();
    expect(await page.locator('#etape-commune').inputValue()).toBe('Poitiers');
    await page.goForward();
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: "Lieux d'aide au numérique" }).waitFor();
    await ready(page);

    // A lieu, from the keyboard.
    await page.goto(app.baseUrl + results);
    await ready(page);
    await tabTo(page, '.maillage-lieux h3 a');
    const name = (await inPage<string>(page, 'document.activeElement.textContent')).trim();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await ready(page);
    await page.getByRole('heading', { level: 2, name: 'Contact' }).waitFor();
    await page.close();
  });

  it('un moment précis : seuls les lieux ouverts, dit en toutes lettres (sans dépendre de l’heure réelle)', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/orientation/resultats?besoin=tout&commune=${POITIERS}&commune_nom=Poitiers&quand=creneau&jour=${TUESDAY}&moment=matin`);
    await ready(page);
    const api = (await (await fetch(`${app.baseUrl}/api/v1/orientation?commune=${POITIERS}&rayon_km=30&ouvert_a=${encodeURIComponent(`${TUESDAY}T10:00:00+01:00`)}`)).json()) as { total: number };
    const items = page.locator('.maillage-lieux > li');
    if (api.total === 0) {
      await page.getByText(/Aucun lieu ne correspond/).waitFor();
    } else {
      await expect.poll(() => items.count()).toBe(Math.min(api.total, 20));
      const texts = await items.allTextContents();
      for (const t of texts) {
        expect(t).toMatch(/Ouvert le mardi 3 décembre à 10 h/);
        expect(t).toMatch(/À [\d,]+ km — environ \d+( h)?( \d+)? min en voiture|À [\d,]+ km — environ \d+ h/);
      }
    }
    await page.close();
  });

  it('aucun résultat : proposer de chercher plus loin et l’aide par téléphone', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/orientation/resultats?besoin=materiel&commune=75056&commune_nom=Paris&rayon=5`);
    await ready(page);
    await page.getByRole('heading', { name: 'Aucun lieu ne correspond à moins de 5 km' }).waitFor();
    const wider = page.getByRole('link', { name: "Chercher plus loin, jusqu'à 10 km" });
    expect(await wider.getAttribute('href')).toContain('rayon=10');
    expect(await page.getByRole('link', { name: /Solidarité Numérique : 01 70 772 372/ }).getAttribute('href')).toBe('tel:+33170772372');
    await wider.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Aucun lieu ne correspond à moins de 10 km/ }).waitFor();
    await page.close();
  });

  it('la page d’un lieu : horaires de la semaine, aujourd’hui en gras et en toutes lettres, ouvert ou non en mots', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/lieu/${encodeURIComponent(lieuWithHours.id)}`);
    await ready(page);
    const rows = page.locator('table.maillage-hours tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    const today = page.locator('table.maillage-hours tbody tr[aria-current="date"]');
    expect(await today.count()).toBe(1);
    expect(await today.locator('th').textContent()).toMatch(/\(aujourd'hui\)$/);
    const weight = await inPage<string>(page, `getComputedStyle(document.querySelector('table.maillage-hours tr[aria-current="date"] th')).fontWeight`);
    expect(Number(weight), 'aujourd’hui en gras').toBeGreaterThanOrEqual(700);
    expect(await page.locator('.maillage-open-state').textContent()).toMatch(/^(Ouvert|Fermé) maintenant/);
    await page.getByRole('heading', { level: 2, name: 'Accessibilité et accueil adapté' }).waitFor();
    await page.getByRole('button', { name: 'Imprimer cette page' }).waitFor();
    await page.close();
  });

  it('une adresse de lieu inconnue affiche un message utile, pas une page blanche', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/lieu/inexistant-0000`);
    await waitForPage(page);
    await page.getByRole('heading', { level: 1, name: 'Lieu introuvable' }).waitFor();
    await page.getByRole('link', { name: 'Chercher un autre lieu' }).waitFor();
    await page.close();
  });

  it('des adresses de recherche abîmées (commune inconnue, rayon ou date impossibles) donnent un message utile, jamais une page blanche', async () => {
    const page = await context.newPage();
    const broken = [
      ['/orientation/resultats?besoin=materiel&commune=99999&commune_nom=Nulle-part', /La recherche n'a pas abouti|commune/i],
      ['/orientation/resultats?besoin=materiel&commune=86194&commune_nom=Poitiers&rayon=-3', /lieu|Lieux/],
      ['/orientation/resultats?besoin=materiel&commune=86194&commune_nom=Poitiers&rayon=1000', /lieu|Lieux/],
      ['/orientation/resultats?besoin=inconnu&commune=86194&commune_nom=Poitiers&quand=creneau&jour=pas-une-date&moment=minuit', /lieu|Lieux/],
      ['/orientation?etape=nimporte-quoi&rayon=abc', /aide|besoin/i],
      ['/orientation/resultats?lat=500&lon=abc', /commune|recherche/i],
    ] as const;
    for (const [path, expected] of broken) {
      await page.goto(app.baseUrl + path);
      await waitForPage(page);
      await page.locator('main h1').waitFor();
      // Something readable beyond the title: a result count, a message or the way back to the search.
      await page.waitForFunction("!document.querySelector('[role=\"status\"]')?.textContent?.includes('Recherche des lieux…')");
      const main = (await page.locator('main').innerText()).trim();
      expect(main.length, path).toBeGreaterThan(80);
      expect(main, path).toMatch(expected);
      // A way on: correct the search from the results, or answer the step shown.
      const wayOn = path.startsWith('/orientation/resultats')
        ? page.getByRole('link', { name: /Modifier ma recherche|Corriger ma recherche|Indiquer ma commune|commune/ })
        : page.getByRole('button', { name: /Continuer|Suivant|Voir/ });
      expect(await wayOn.count(), path).toBeGreaterThan(0);
    }
    await page.close();
  });
});
