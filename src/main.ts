import { loadConfig } from './platform/config';
import { buildServer } from './server';

const started = performance.now();
const config = loadConfig();
const server = await buildServer(config);
await server.app.listen({ port: config.port, host: config.host });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nMaillage est prêt en ${seconds} s → ${config.publicUrl}  (base : ${server.database.label})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0));
  });
}
