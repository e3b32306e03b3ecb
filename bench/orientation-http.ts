/**
 * Orientation API under load: `npx tsx bench/orientation-http.ts` prints the Markdown section (npm run bench aggregates).
 * The server runs in this process on a free port, over an in-memory PGlite holding ~20,000 lieux inserted directly;
 * autocannon sends varied URLs (communes weighted by population, 1–3 services, 30 % with ouvert_a) on 50 connections
 * for 60 s (ORIENTATION_HTTP_SECONDS to change it).
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createConsultationCounter, reliabilityModule } from '../src/freshness';
import { lieux as lieuxTable } from '../src/lieux/schema';
import { createOrientationIndex, orientationModule } from '../src/orientation';
import { loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import { openDatabase } from '../src/platform/db';
import { createApp } from '../src/platform/http';
import { createMailer } from '../src/platform/mail';
import { getReferential } from '../src/territory';
import { generateSyntheticLieux } from './lieux-synthetic';
import { orientationQueries } from './orientation';

const COUNT = 20_000;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.ORIENTATION_HTTP_SECONDS ?? 60);
const HOURS = ['Mo-Fr 09:00-12:00,14:00-17:00; PH off', 'Tu-Sa 09:30-12:30,14:00-18:00; PH off', 'Mo,We,Fr 09:00-12:00; PH off'];

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

export async function benchOrientationHttp(): Promise<{ markdown: string }> {
  const referential = getReferential();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost' });
  const handle = await openDatabase({ kind: 'pglite-memory' });
  const { lieux } = await generateSyntheticLieux({ count: COUNT, seed: 20, duplicateRate: 0, referential });
  const rows = lieux.map((lieu, i) => ({
    id: `b${i}`,
    data: { ...lieu, id: `b${i}`, horaires: lieu.horaires || HOURS[i % HOURS.length]! },
    provenance: {},
    codeInsee: lieu.code_insee,
    lat: lieu.latitude,
    lon: lieu.longitude,
    searchText: lieu.nom.toLowerCase(),
  }));
  for (let i = 0; i < rows.length; i += 1000) await handle.db.insert(lieuxTable).values(rows.slice(i, i + 1000));

  const index = createOrientationIndex(handle.db, { travelTime: config.travelTime });
  const ctx: AppContext = { config, db: handle.db, mailer: createMailer(config, handle.db), clock: () => new Date(), contains: () => false };
  // As in production: every result counted in memory (consultations), written once a minute by the dashboard module.
  const consultations = createConsultationCounter();
  const { app } = await createApp(ctx, [orientationModule(referential, index, consultations), reliabilityModule(referential, consultations)]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await index.engine();

  const paths = orientationQueries(referential, 2000, 77).map((q) => {
    const params = new URLSearchParams({ lat: q.lat.toFixed(5), lon: q.lon.toFixed(5) });
    for (const s of q.services ?? []) params.append('services', s);
    if (q.ouvertA) params.set('ouvert_a', q.ouvertA.toISOString());
    return `/api/v1/orientation?${params}`;
  });
  // A few step counts and commune codes, as the finder sends them.
  const communes = [...referential.communes.values()].filter((c) => (c.population ?? 0) > 20_000).map((c) => c.code);
  communes.slice(0, 200).forEach((code, i) => paths.push(`/api/v1/orientation${i % 2 ? '/compte' : ''}?commune=${code}`));

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  // The load generator runs in a worker thread so that it does not share the server's event loop.
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  const rssAfter = process.memoryUsage().rss;
  await app.close();
  await ctx.mailer.close();
  await handle.close();

  const rps = result.requests.average;
  const p99 = result.latency.p99;
  const failures = result.errors + result.timeouts + result.non2xx;
  const markdown = `## API d'orientation sous charge (HTTP)

Serveur dans le processus, PGlite en mémoire avec ${COUNT.toLocaleString('fr-FR')} lieux ; autocannon, ${CONNECTIONS}
connexions pendant ${SECONDS} s, ${paths.length} URL variées (point d'une commune tirée selon sa population, 1 à 3
services, 30 % avec \`ouvert_a\`, quelques \`commune=\` et \`/compte\`).

| mesure | valeur | objectif |
|---|---|---|
| requêtes par seconde (moyenne) | ${rps.toFixed(0)} | ≥ 1 500 ${rps >= 1500 ? '✅' : '❌'} |
| latence p50 / p99 | ${result.latency.p50} ms / ${p99} ms | p99 ≤ 50 ms ${p99 <= 50 ? '✅' : '❌'} |
| requêtes / erreurs | ${result.requests.total} / ${failures} | 0 erreur ${failures === 0 ? '✅' : '❌'} |
| mémoire (RSS) avant / après | ${mib(rssBefore)} Mio / ${mib(rssAfter)} Mio | |`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchOrientationHttp()).markdown);
}
