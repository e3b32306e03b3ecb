/** `maillage rappels`: sends the confirmation reminders due, once (for a cron, or instead of the server's timer). */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parseTerritoire } from '../lieux';
import { withCliContext } from '../platform/cli-context';
import { createMailer } from '../platform/mail';
import { getReferential, type Referential } from '../territory';
import { retryReporterNotices } from './moderation';
import { noticesLine, runReminders, summaryLine, workerName } from './reminders';

export function registerReminderCommands(program: Command, options: { referential?: () => Referential } = {}): Command {
  program
    .command('rappels')
    .description(
      'Envoie les relances de confirmation dues (premier rappel à 5 mois sans confirmation, second 3 semaines après), ' +
        'et, sans --territoire, les courriels de suite de signalement restés en échec',
    )
    .option('--territoire <code>', 'département, région, EPCI ou commune (ex. 86, epci:200069854) ; par défaut tout')
    .option('--simulation', 'compte les relances dues sans rien envoyer ni écrire')
    .action(async (opts: { territoire?: string; simulation?: boolean }) => {
      await withCliContext(async (ctx) => {
        const territory = opts.territoire ? parseTerritoire((options.referential ?? getReferential)(), opts.territoire) : undefined;
        const mailer = createMailer(ctx.config, ctx.database.db);
        const bar = new cliProgress.SingleBar(
          { format: 'Lieux [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        try {
          const summary = await runReminders(
            ctx.database.db,
            { mailer, clock: () => new Date(), publicUrl: ctx.config.publicUrl, config: ctx.config.reminders, worker: workerName() },
            {
              ...(territory ? { territory: { [territory.kind]: territory.code } } : {}),
              simulate: !!opts.simulation,
              onProgress: ({ done, total }) => {
                if (!started) bar.start(total, 0);
                started = true;
                bar.update(done);
              },
            },
          );
          bar.stop();
          console.log(`${summary.simulation ? 'Simulation des relances' : 'Relances'}${territory ? ` (${territory.kind} ${territory.code})` : ''} : ${summaryLine(summary)}.`);
          if (summary.results.echec > 0) process.exitCode = 1;
          if (!opts.simulation && !territory) {
            // With the reminders: the outcome e-mails to reporters that could not leave at first.
            const notices = await retryReporterNotices(ctx.database.db, { mailer, clock: () => new Date(), publicUrl: ctx.config.publicUrl });
            if (notices.sent + notices.failed > 0) console.log(`Signalements : ${noticesLine(notices)}.`);
          }
        } finally {
          bar.stop();
          await mailer.close();
        }
      });
    });
  return program;
}
