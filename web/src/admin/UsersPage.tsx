import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useRef, useState, type FormEvent } from 'react';
import { emailProblem } from '../auth/email';
import { useApiList } from '../platform/useApiList';
import { api, ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { perimeterLabel, ROLE_LABELS, roleLabel, type Role } from '../platform/labels';
import { Page } from '../platform/Page';
import { useSession, type User } from '../platform/session';

interface ListedUser extends Omit<User, 'roles'> {
  roles?: User['roles'];
}

type Fields = 'email' | 'nom' | 'role' | 'perimetre';

const PERIMETER_PATTERN = /^(national|(region|departement|epci|commune|lieu):[0-9A-Za-z-]+)$/;

/** Admin (every user) or territory manager (users of their territory): list + add form. */
export function UsersPage({ scope }: { scope: 'admin' | 'territoire' }) {
  const session = useSession();
  const { items: users, error: loadError, reload: load } = useApiList<ListedUser>('/api/v1/utilisateurs', 'utilisateurs');

  const ownPerimeter = session.user?.roles.find((r) => r.role === 'gestionnaire')?.perimetre ?? '';
  const roleChoices: Role[] =
    scope === 'admin' ? ['admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure'] : ['coordinateur', 'mediateur', 'structure'];

  const title = scope === 'admin' ? 'Utilisateurs' : 'Utilisateurs de mon territoire';
  return (
    <Page
      title={title}
      crumbs={scope === 'admin' ? [{ label: 'Administration', to: '/admin/utilisateurs' }] : undefined}
      lead={
        scope === 'admin'
          ? 'Les personnes qui ont un compte Maillage, avec leurs rôles.'
          : `Les personnes qui ont un compte sur votre territoire (${perimeterLabel(ownPerimeter)}).`
      }
    >
      <h2>Liste des comptes</h2>
      {loadError && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="La liste n'a pas pu être chargée" description={loadError} />}
      {users === null ? (
        <p role="status">Chargement de la liste…</p>
      ) : users.length === 0 ? (
        !loadError && <p>Aucun compte pour le moment.</p>
      ) : (
        <DataTable
          caption={`${users.length} ${users.length > 1 ? 'comptes' : 'compte'}`}
          headers={['Adresse e-mail', 'Nom', 'Rôles et périmètres']}
          rows={users.map((u) => ({
            key: u.id,
            cells: [
              u.email,
              u.nom ?? 'Non renseigné',
              u.roles && u.roles.length > 0 ? (
                <ul className={fr.cx('fr-mb-0')}>
                  {u.roles.map((r) => (
                    <li key={`${r.role}-${r.perimetre}`}>
                      {roleLabel(r.role, r.libelle)} — {perimeterLabel(r.perimetre)}
                    </li>
                  ))}
                </ul>
              ) : (
                'Aucun rôle'
              ),
            ],
          }))}
        />
      )}

      <AddUserForm roleChoices={roleChoices} defaultPerimeter={scope === 'admin' ? 'national' : ownPerimeter} onAdded={load} />
    </Page>
  );
}

function AddUserForm({
  roleChoices,
  defaultPerimeter,
  onAdded,
}: {
  roleChoices: Role[];
  defaultPerimeter: string;
  onAdded: () => Promise<void>;
}) {
  const [values, setValues] = useState<Record<Fields, string>>({ email: '', nom: '', role: '', perimetre: defaultPerimeter });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const set = (field: Fields) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function focusFirstError(found: Partial<Record<Fields, string>>) {
    const first = (['email', 'nom', 'role', 'perimetre'] as Fields[]).find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    setGeneral(undefined);
    const found: Partial<Record<Fields, string>> = {};
    const emailError = emailProblem(values.email);
    if (emailError) found.email = emailError;
    if (!values.role) found.role = 'Choisissez un rôle.';
    if (!PERIMETER_PATTERN.test(values.perimetre.trim())) {
      found.perimetre = 'Périmètre non reconnu. Exemples : national, departement:86, commune:86194.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    setSending(true);
    try {
      await api('/api/v1/utilisateurs', {
        method: 'POST',
        body: {
          email: values.email.trim(),
          ...(values.nom.trim() ? { nom: values.nom.trim() } : {}),
          role: values.role,
          perimetre: values.perimetre.trim(),
        },
      });
      setDone(`Le compte de ${values.email.trim()} a été créé. La personne peut maintenant se connecter avec son adresse e-mail.`);
      setValues({ email: '', nom: '', role: '', perimetre: defaultPerimeter });
      await onAdded();
      statusRef.current?.focus();
    } catch (error) {
      if (error instanceof ApiError) {
        const fromServer: Partial<Record<Fields, string>> = {};
        for (const f of ['email', 'nom', 'role', 'perimetre'] as Fields[]) {
          const message = error.fieldMessage(f);
          if (message) fromServer[f] = message;
        }
        setErrors(fromServer);
        if (Object.keys(fromServer).length > 0) focusFirstError(fromServer);
        if (!error.concernsOnly(['email', 'nom', 'role', 'perimetre'])) setGeneral(error.detail);
      } else setGeneral(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className={fr.cx('fr-mt-6w')} aria-labelledby="ajout-titre">
      <h2 id="ajout-titre">Ajouter une personne</h2>
      <div ref={statusRef} tabIndex={-1} aria-live="polite">
        {done && <Alert className={fr.cx('fr-mb-3w')} severity="success" small description={done} role="status" />}
        {general && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="Le compte n'a pas été créé" description={general} />}
      </div>
      <form ref={formRef} onSubmit={submit} noValidate className={fr.cx('fr-col-12', 'fr-col-md-8')}>
        <p className={fr.cx('fr-hint-text')}>Sauf mention contraire, tous les champs sont obligatoires.</p>
        <Input
          label="Adresse e-mail"
          hintText="Format attendu : nom@domaine.fr"
          state={errors.email ? 'error' : 'default'}
          stateRelatedMessage={errors.email}
          nativeInputProps={{ name: 'email', type: 'email', autoComplete: 'off', value: values.email, onChange: set('email'), 'aria-invalid': errors.email ? true : undefined }}
        />
        <Input
          label="Nom et prénom (facultatif)"
          state={errors.nom ? 'error' : 'default'}
          stateRelatedMessage={errors.nom}
          nativeInputProps={{ name: 'nom', autoComplete: 'off', value: values.nom, onChange: set('nom'), 'aria-invalid': errors.nom ? true : undefined }}
        />
        <Select
          label="Rôle"
          state={errors.role ? 'error' : 'default'}
          stateRelatedMessage={errors.role}
          nativeSelectProps={{ name: 'role', value: values.role, onChange: set('role'), 'aria-invalid': errors.role ? true : undefined }}
        >
          <option value="" disabled>
            Choisir un rôle
          </option>
          {roleChoices.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
        <Input
          label="Périmètre"
          hintText="« national », ou un territoire : departement:86, epci:200069854, commune:86194"
          state={errors.perimetre ? 'error' : 'default'}
          stateRelatedMessage={errors.perimetre}
          nativeInputProps={{
            name: 'perimetre',
            autoComplete: 'off',
            spellCheck: false,
            value: values.perimetre,
            onChange: set('perimetre'),
            'aria-invalid': errors.perimetre ? true : undefined,
          }}
        />
        <Button type="submit" iconId="fr-icon-user-add-line" disabled={sending}>
          {sending ? 'Création en cours…' : 'Ajouter cette personne'}
        </Button>
      </form>
    </section>
  );
}
