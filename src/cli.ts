import { Command } from 'commander';

const program = new Command()
  .name('maillage')
  .description("Maillage — outils en ligne de commande (la base est choisie par DATABASE_URL, comme pour le serveur)");

await program.parseAsync(process.argv);
