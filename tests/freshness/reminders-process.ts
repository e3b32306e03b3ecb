// One app process running the reminder job, for reminders-processes.test.ts: started twice on the same PostgreSQL
// database, it waits for « go » on its standard input (so both start together), runs the job ROUNDS times at NOW, and
// prints its summaries as one JSON line.
import { createInterface } from 'node:readline';
import { DEFAULT_REMINDER_RULES } from '../../src/freshness/domain/reminders';
import { runReminders, workerName, type ReminderRunSummary } from '../../src/freshness/reminders';
import { loadConfig } from '../../src/platform/config';
import { openDatabase } from '../../src/platform/db';
import { createMailer } from '../../src/platform/mail';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manquant`);
  return value;
};
const now = new Date(env('NOW'));
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: env('DATABASE_URL'), SMTP_URL: env('SMTP_URL'), PUBLIC_URL: env('PUBLIC_URL') });
const handle = await openDatabase(config.database);
const mailer = createMailer(config, handle.db);
const deps = { mailer, clock: () => now, publicUrl: config.publicUrl, config: DEFAULT_REMINDER_RULES, worker: workerName() };

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on('line', (line) => line.trim() === 'go' && resolve()));
process.stdout.write('pret\n');
await go;
lines.close();

const summaries: ReminderRunSummary[] = [];
for (let round = 0; round < Number(env('ROUNDS')); round++) summaries.push(await runReminders(handle.db, deps));
process.stdout.write(`${JSON.stringify({ worker: deps.worker, summaries })}\n`);
await mailer.close();
await handle.close();
