import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { createApp, type App } from '../../src/platform/http/app';
import { isWidgetPath, parseFrameAncestors } from '../../src/platform/http/framing';

/** A stand-in for web/dist: the framing policy does not depend on what the pages contain. */
const webDist = mkdtempSync(join(tmpdir(), 'maillage-framing-'));
mkdirSync(join(webDist, 'assets'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><html lang="fr"><title>Maillage</title><div id="root"></div></html>');
writeFileSync(join(webDist, 'widget.js'), '(function () {})();');
writeFileSync(join(webDist, 'assets', 'index-abc.js'), 'export {};');

const html = { accept: 'text/html,application/xhtml+xml' };

describe('framing policy: no page of Maillage in another site’s frame, except the widget', () => {
  let handle: DatabaseHandle;
  const apps: Array<App['app']> = [];
  let app: App['app'];
  let listed: App['app'];

  const make = async (widgetFrameAncestors?: string) => {
    const ctx = {
      config: loadConfig({}),
      db: handle.db,
      clock: () => new Date(),
      contains: () => false,
      mailer: { kind: 'outbox' as const, send: async () => {}, close: async () => {} },
    };
    const created = (await createApp(ctx, [], { webDist, ...(widgetFrameAncestors === undefined ? {} : { widgetFrameAncestors }) })).app;
    apps.push(created);
    return created;
  };

  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite-memory' });
    app = await make('');
    listed = await make('https://www.poitiers.fr, https://*.grandpoitiers.fr');
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await handle.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('the home page and the other pages of the web app cannot be framed', async () => {
    for (const url of ['/', '/orientation/resultats?commune=86194', '/plan-du-site', '/integrer', '/widgetx', '/widget/../compte']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['content-security-policy'], url).toBe("frame-ancestors 'none'");
    }
  });

  it('neither can the API answers, the API docs and the files', async () => {
    for (const url of ['/api/v1/nulle-part', '/api/docs', '/assets/index-abc.js']) {
      const res = await app.inject({ method: 'GET', url, headers: url === '/api/docs' ? html : {} });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
  });

  it('the widget page can be framed by any site by default, with or without its settings', async () => {
    for (const url of ['/widget', '/widget/', '/widget?territoire=86&services=Aide%20aux%20d%C3%A9marches%20administratives']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
      expect(res.headers['x-frame-options'], url).toBeUndefined();
      expect(res.headers['content-security-policy'], url).toBe('frame-ancestors *');
    }
  });

  it('WIDGET_FRAME_ANCESTORS limits the widget to the listed sites (and Maillage itself, for the preview)', async () => {
    const res = await listed.inject({ method: 'GET', url: '/widget?territoire=86', headers: html });
    expect(res.headers['content-security-policy']).toBe("frame-ancestors 'self' https://www.poitiers.fr https://*.grandpoitiers.fr");
    expect(res.headers['x-frame-options']).toBeUndefined();
    const home = await listed.inject({ method: 'GET', url: '/', headers: html });
    expect(home.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the loader script for host pages', async () => {
    const res = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('reads the setting, and refuses a value that could break the header, in French', () => {
    expect(parseFrameAncestors(undefined)).toBe('*');
    expect(parseFrameAncestors('  ')).toBe('*');
    expect(parseFrameAncestors('https://a.fr *')).toBe('*');
    expect(parseFrameAncestors("https://a.fr 'self' ccas.b.fr:8443 https://a.fr")).toBe("'self' https://a.fr ccas.b.fr:8443");
    expect(() => parseFrameAncestors("https://a.fr; script-src 'unsafe-inline'")).toThrow(/WIDGET_FRAME_ANCESTORS invalide : « https:\/\/a\.fr; »/);
    expect(() => parseFrameAncestors("'none'")).toThrow(/n'est pas une adresse de site/);
    expect(() => parseFrameAncestors('javascript:alert(1)')).toThrow(/invalide/);
    expect(isWidgetPath('/widget?x=1')).toBe(true);
    expect(isWidgetPath('/widgets')).toBe(false);
    expect(isWidgetPath('/api/widget')).toBe(false);
  });
});
