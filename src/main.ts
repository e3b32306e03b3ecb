import { loadConfig } from './platform/config';
import { buildServer } from './server';

const started = performance.now();
const config = loadConfig();
const server = await buildServer(config);
await server.app.listen({ port: config.port, host: config.host });
const seconds = ((performance.now() - started) / 1000).toFixed(1);

for (const { step, ms } of server.startup) console.log(`  · ${step} (${Math.round(ms)} ms)`);
console.log(`\nMaillage est prêt en ${seconds} s → ${config.publicUrl}  (base : ${server.database.label})`);
if (config.seedDemo) console.log('Comptes de démonstration : voir le README (connexion par lien envoyé par courriel).');
if (server.ctx.mailer.kind === 'outbox') console.log(`Sans SMTP configuré, les courriels arrivent sur ${config.publicUrl}/dev/outbox`);
console.log('');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().finally(() => process.exit(0));
  });
}
