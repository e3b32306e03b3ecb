import { Command } from 'commander';
import { registerReminderCommands } from './freshness';
import { registerLieuxCommands } from './lieux';
import { registerUserCommands } from './platform/auth';
import { registerTerritoryCommands } from './territory';

const program = new Command()
  .name('maillage')
  .description('Maillage — commandes d’administration (la base est choisie par DATABASE_URL, comme pour le serveur)');

registerTerritoryCommands(program);
registerUserCommands(program);
registerLieuxCommands(program);
registerReminderCommands(program);

await program.parseAsync(process.argv);
