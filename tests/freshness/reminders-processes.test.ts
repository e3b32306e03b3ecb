// Two app processes on one PostgreSQL database run the reminder job at the same moment, several rounds each: every lieu
// gets exactly one first reminder at the SMTP server and one « envoye » row. Real processes, real database, real SMTP.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { planInvitations } from '../../src/freshness/domain/invitation';
import { lieuInvitations, reminderSendings } from '../../src/freshness/schema';
import type { ReminderRunSummary } from '../../src/freshness/reminders';
import { applyImport, lieuxTables } from '../../src/lieux';
import { hashSecret } from '../../src/platform/auth/secrets';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { cnfs, franceServices, referential } from '../lieux/support';

const { lieux } = lieuxTables;
const root = fileURLToPath(new URL('../..', import.meta.url));
const postgresUrl = inject('postgresUrl');
const ROUNDS = 3;
/** Every lieu entered the registry on 10 January 2026; the processes run on 10 June 2026, 09:00 UTC: all due. */
const T0 = new Date('2026-01-10T08:00:00Z');
const NOW = new Date('2026-06-10T09:00:00Z');

interface ProcessOutput {
  worker: string;
  summaries: ReminderRunSummary[];
}

/** One job process: resolves `ready` once connected and waiting, `done` with its summaries. */
function startProcess(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'tests/freshness/reminders-process.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<ProcessOutput>((resolve, reject) => {
    let output: ProcessOutput | null = null;
    lines.on('line', (line) => {
      if (line === 'pret') markReady();
      else if (line.startsWith('{')) output = JSON.parse(line) as ProcessOutput;
    });
    child.on('exit', (code) => (code === 0 && output ? resolve(output) : reject(new Error(`processus arrêté (code ${code}) :\n${stderr}`))));
  });
  return { ready, done, go: () => child.stdin.write('go\n') };
}

(postgresUrl ? describe : describe.skip)('reminders with two processes on one PostgreSQL database', () => {
  const name = `maillage_rappels_${Date.now()}_${process.pid}`;
  let admin: pg.Client;
  let url = '';
  let handle: DatabaseHandle;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(postgresUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openDatabase({ kind: 'postgres', url });
    for (const [analysis, source] of [[franceServices(), 'france-services'], [cnfs(), 'conseiller-numerique']] as const) {
      await applyImport(handle.db, analysis, { source, full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    }
    await handle.db.update(lieux).set({ createdAt: T0, confirmedAt: null });
    smtp = await startSmtpServer();
  }, 120_000);

  afterAll(async () => {
    await smtp?.close();
    await handle?.close();
    // The pool's sockets close just after close() resolves: forcing the drop now would kill them mid-goodbye.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin?.query(`DROP DATABASE IF EXISTS "${name}"`);
        break;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await admin?.end();
  });

  it('started together, several rounds each: one first reminder per lieu, never two', async () => {
    const rows = await handle.db.select({ id: lieux.id, data: lieux.data }).from(lieux);
    const withEmail = rows.filter((r) => planInvitations([{ id: r.id, nom: r.data.nom, courriels: r.data.courriels ?? [] }], 'par-lieu').planned.length > 0);
    expect(withEmail.length).toBeGreaterThan(50);

    const env = { DATABASE_URL: url, SMTP_URL: smtp.url, PUBLIC_URL: 'http://maillage.test', NOW: NOW.toISOString(), ROUNDS: String(ROUNDS) };
    const processes = [startProcess(env), startProcess(env)];
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.go();
    const outputs = await Promise.all(processes.map((p) => p.done));

    // Every lieu with an address is in exactly one e-mail, to its own contact, whose link opens the lieux of that e-mail
    // (a contact keeping several lieux gets them together; two processes may split such a group, never repeat a lieu).
    const emailOfLieu = new Map(withEmail.map((l) => [l.id, planInvitations([{ id: l.id, nom: l.data.nom, courriels: l.data.courriels ?? [] }], 'par-lieu').planned[0]!.email]));
    const linked: string[] = [];
    for (const message of smtp.messages) {
      const secret = /\/structure\/([A-Za-z0-9_-]{20,})/.exec(message.text)?.[1] ?? '';
      const [invitation] = await handle.db.select().from(lieuInvitations).where(eq(lieuInvitations.tokenHash, hashSecret(secret)));
      expect(invitation?.lieuIds.length).toBeGreaterThan(0);
      for (const id of invitation!.lieuIds) expect(emailOfLieu.get(id)).toBe(message.to);
      linked.push(...invitation!.lieuIds);
    }
    expect(linked.sort()).toEqual(withEmail.map((l) => l.id).sort());
    expect(smtp.messages.length).toBeGreaterThanOrEqual(new Set(emailOfLieu.values()).size);

    // One row per lieu: « envoye » for those with an address, « sans-contact » for the others, none left « en cours ».
    const sendings = await handle.db.select().from(reminderSendings);
    expect(sendings).toHaveLength(rows.length);
    expect(new Set(sendings.map((s) => s.lieuId)).size).toBe(rows.length);
    expect(sendings.every((s) => s.step === 'premier-rappel')).toBe(true);
    const sent = sendings.filter((s) => s.result === 'envoye');
    expect(sent.map((s) => s.lieuId).sort()).toEqual(withEmail.map((l) => l.id).sort());
    expect(sendings.filter((s) => s.result !== 'envoye').every((s) => s.result === 'sans-contact')).toBe(true);

    // Both processes really competed: each sent some, and each saw claims taken by the other.
    expect(new Set(sent.map((s) => s.claimedBy))).toEqual(new Set(outputs.map((o) => o.worker)));
    const total = (pick: (s: ReminderRunSummary) => number) => outputs.flatMap((o) => o.summaries).reduce((n, s) => n + pick(s), 0);
    expect(total((s) => s.results.envoye)).toBe(withEmail.length);
    expect(total((s) => s.results.echec)).toBe(0);
    // Later rounds found nothing due.
    for (const output of outputs) expect(output.summaries.slice(1).every((s) => s.due === 0)).toBe(true);
    const invitations = await handle.db.select().from(lieuInvitations).where(inArray(lieuInvitations.id, sent.map((s) => s.invitationId!)));
    expect(invitations).toHaveLength(smtp.messages.length);
  }, 180_000);
});
