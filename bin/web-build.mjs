// Builds the web app (web/ → web/dist) when it is missing or stale: the inputs' content hash is kept in web/dist.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const dist = join(web, 'dist');
const stampFile = join(dist, '.build-stamp');
const INPUTS = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];

function* files(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
  } else yield path;
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/** Returns true when a build ran. */
export async function ensureWebBuilt({ force = false, quiet = false } = {}) {
  const hash = inputsHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash && existsSync(join(dist, 'index.html'))) {
    return false;
  }
  const started = performance.now();
  if (!quiet) process.stdout.write('Construction de l’interface web (web/dist)… ');
  const { build } = await import('vite');
  // Always a production build, whoever asks (browser tests run under NODE_ENV=test, which would give React's
  // development bundle); the caller's NODE_ENV is restored afterwards for the server started next.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, hash);
  if (!quiet) console.log(`faite en ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
