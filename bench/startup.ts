// Start-up time of `npm start`'s server on a fresh embedded database, then on the same database again.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port'))));
    });
  });
}

/** Starts `node bin/start.mjs`, returns the start-up time it prints and the wall time until it answers. */
async function startOnce(dataDir: string): Promise<{ printed: number; wall: number; output: string }> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dataDir}`, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    for (;;) {
      const match = /prêt en ([\d.]+) s/.exec(output);
      if (match) {
        const wall = (performance.now() - began) / 1000;
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (!res.ok) throw new Error(`santé : ${res.status}`);
        return { printed: Number(match[1]), wall, output };
      }
      if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté :\n${output}`);
      if (performance.now() - began > 180_000) throw new Error(`démarrage trop long :\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function benchStartup(): Promise<{ markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  try {
    const first = await startOnce(join(dir, 'db'));
    const second = await startOnce(join(dir, 'db'));
    const third = await startOnce(join(dir, 'db'));
    const row = (label: string, r: { printed: number; wall: number }) =>
      `| ${label} | ${r.printed.toFixed(1)} s | ${r.wall.toFixed(1)} s |`;
    return {
      markdown: `## Démarrage (\`npm start\`, PGlite embarqué)

Interface web déjà construite. « Affiché » est le temps que le serveur imprime (du lancement du module à l'écoute) ;
« total » va du lancement du processus Node à la première réponse possible.

| démarrage | affiché | total |
|---|---|---|
${row('premier (base neuve : migrations, référentiel de 34 969 communes, démonstration)', first)}
${row('second (base existante, rien à semer)', second)}
${row('troisième', third)}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchStartup()).markdown);
}
