import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * PGlite serves one process at a time: two processes writing the same folder would corrupt it. The first process to
 * open a folder writes `<folder>.lock` with its pid; another process (the CLI while the server runs) stops with a clear
 * message. A lock left by a process that no longer exists is taken over.
 */
export function acquirePgliteLock(dataDir: string): () => void {
  const path = `${dataDir.replace(/\/$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `La base embarquée ${dataDir} est déjà utilisée par un autre processus Maillage (pid ${holder}), ` +
            'probablement le serveur. PGlite ne sert qu’un processus à la fois : arrêtez-le avant de lancer cette ' +
            'commande, ou utilisez PostgreSQL (DATABASE_URL=postgres://…) pour travailler à plusieurs processus.',
          { cause: error },
        );
      }
      if (holder === process.pid) {
        throw new Error(`La base embarquée ${dataDir} est déjà ouverte par ce processus.`, { cause: error });
      }
      unlinkSync(path); // stale lock: its process is gone
    }
  }
  throw new Error(`Impossible de verrouiller la base embarquée ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
