import type { Command } from 'commander';
import { withCliContext } from '../cli-context';
import { ROLES, ROLE_LABELS, scopeLabel } from './principal';
import { addRole, createUser, findUserByEmail, listUsers, parseLooseScope, type UserView } from './users';

/** `maillage users add|list`: account administration from the command line (audited with actor 'cli'). */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('Gérer les comptes utilisateurs');

  users
    .command('add')
    .description("Créer un compte (ou ajouter un rôle à un compte existant) ; la personne se connecte ensuite par lien magique ou ProConnect")
    .requiredOption('--email <email>', 'adresse électronique')
    .requiredOption('--role <role>', `rôle : ${ROLES.join(', ')}`)
    .option(
      '--territoire <périmètre>',
      'périmètre : departement:86 ou 86, epci:200069854 ou 200069854, commune:86066 ou 86066, region:75, lieu:<id> (inutile pour admin)',
    )
    .option('--nom <nom>', 'nom affiché')
    .action(async (options: { email: string; role: string; territoire?: string; nom?: string }) => {
      await withCliContext(async ({ database }) => {
        const db = database.db;
        const perimetre = options.territoire ? parseLooseScope(options.territoire) : undefined;
        const existing = await findUserByEmail(db, options.email);
        const result = existing
          ? await addRole(db, existing.id, options.role, perimetre, { kind: 'cli' }, 'cli')
          : await createUser(db, { email: options.email, nom: options.nom ?? null, role: options.role, perimetre }, { kind: 'cli' }, 'cli');
        if (!result.ok) throw new Error(`${result.error.champ === 'perimetre' ? '--territoire' : `--${result.error.champ}`} : ${result.error.message}`);
        console.log(`${existing ? 'Rôle ajouté au compte' : 'Compte créé'} : ${describe(result.value)}`);
      });
    });

  users
    .command('list')
    .description('Lister les comptes et leurs rôles')
    .action(async () => {
      await withCliContext(async ({ database }) => {
        const all = await listUsers(
          database.db,
          // The operator of the instance sees everything.
          { kind: 'user', userId: 'cli', email: '', displayName: null, sessionId: '', csrfToken: '', assignments: [{ role: 'admin', scope: { kind: 'national' } }] },
          () => false,
        );
        if (all.length === 0) {
          console.log('Aucun compte. Créez-en un : maillage users add --email <adresse> --role admin');
          return;
        }
        for (const u of all) console.log(describe(u));
        console.log(`${all.length} compte${all.length > 1 ? 's' : ''}.`);
      });
    });
}

function describe(u: UserView): string {
  const roles = u.assignments.map((a) => `${ROLE_LABELS[a.role]} (${scopeLabel(a.scope)})`).join(', ') || 'aucun rôle';
  const name = u.displayName ? ` — ${u.displayName}` : '';
  const disabled = u.disabledAt ? ' [désactivé]' : '';
  return `${u.email}${name} : ${roles}${disabled}`;
}
