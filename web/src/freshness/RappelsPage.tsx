import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge, type BadgeProps } from '@codegouvfr/react-dsfr/Badge';
import { Link } from 'react-router';
import { plural } from '../lieux/format';
import type { LieuxPage } from '../lieux/types';
import { DataTable } from '../platform/DataTable';
import { formatDate } from '../platform/labels';
import { Page } from '../platform/Page';
import { choiceParams, territoryLabel, territoryQuery, useTerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import { useFetched } from '../platform/useFetched';
import { confirmationDay } from './Confirmation';
import './rappels.css';

/** Shapes of GET /api/v1/rappels (src/freshness/reminders-routes.ts). */
type Resultat = 'en-cours' | 'envoye' | 'echec' | 'sans-contact' | 'interrompu';
interface Envoi {
  id: string;
  date: string;
  termineLe: string | null;
  lieu: { id: string; nom: string; commune: string };
  etape: 'premier-rappel' | 'second-rappel';
  destinataire: string | null;
  resultat: Resultat;
  erreur: string | null;
  derniereConfirmation: string;
  prochainRappel: string | null;
}
interface Journal {
  regles: { premierRappelMois: number; secondRappelJours: number; aVerifierMois: number };
  envois: Envoi[];
}

const RESULTATS: Record<Resultat, { label: string; severity: BadgeProps['severity'] }> = {
  envoye: { label: 'Envoyée', severity: 'success' },
  echec: { label: 'Échec', severity: 'error' },
  'sans-contact': { label: 'Sans courriel', severity: 'info' },
  'en-cours': { label: 'En cours', severity: 'new' },
  interrompu: { label: 'Interrompue', severity: 'warning' },
};

/** What the gestionnaire may want to know or do after this sending. */
function followUp(e: Envoi): string {
  if (e.resultat === 'echec') return `Le courriel n'est pas parti : ${e.erreur ?? 'raison inconnue'}.`;
  if (e.resultat === 'sans-contact') return 'La fiche du lieu n’a pas de courriel : ajoutez-en un en modifiant le lieu.';
  if (e.resultat === 'interrompu') return 'Peut-être non reçue ; invitez la structure depuis la fiche du lieu si besoin.';
  if (e.prochainRappel) return `Seconde relance le ${confirmationDay(e.prochainRappel)} si personne ne confirme d'ici là.`;
  return '—';
}
const TO_VERIFY_SHOWN = 100;

const OPTIONS: TerritoryOptions = { wholeCountry: true };

/** `a=1` + `b=2` → `a=1&b=2`. */
const joined = (...parts: string[]) => parts.filter(Boolean).join('&');

/** The reminders sent to the structures of a territory, and its lieux « à vérifier ». */
export function RappelsPage() {
  const { choice, setParams } = useTerritoryChoice(OPTIONS);
  const query = choice ? territoryQuery(choice).toString() : null;
  const journal = useFetched<Journal>(query === null ? null : `/api/v1/rappels?${query}`);
  const toVerify = useFetched<LieuxPage>(query === null ? null : `/api/v1/lieux?${joined(query, `a_verifier=true&limite=${TO_VERIFY_SHOWN}`)}`);
  const label = choice ? territoryLabel(choice) : 'Votre territoire';

  const regles = journal.kind === 'ready' ? journal.data.regles : undefined;
  return (
    <Page
      title="Relances envoyées"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead={
        regles
          ? `Quand les informations d'un lieu n'ont pas été confirmées depuis ${regles.premierRappelMois} mois, son contact reçoit un courriel avec un lien pour les vérifier ; une seconde relance part ${regles.secondRappelJours} jours plus tard. Après ${regles.aVerifierMois} mois sans confirmation, le lieu est « à vérifier », y compris sur sa page publique.`
          : "Les courriels envoyés aux structures pour qu'elles confirment les informations de leur lieu, et les lieux à vérifier."
      }
    >
      <TerritoryPicker {...OPTIONS} value={choice} onChoose={(c) => setParams(choiceParams(c))} />

      {query !== null && (
        <section aria-labelledby="a-verifier" className={fr.cx('fr-mb-6w')}>
          <h2 id="a-verifier">Lieux à vérifier</h2>
          {toVerify.kind === 'loading' && <p role="status">Chargement des lieux à vérifier…</p>}
          {toVerify.kind === 'error' && <Alert severity="error" as="h3" small title="Les lieux à vérifier n'ont pas pu être chargés" description={toVerify.message} />}
          {toVerify.kind === 'ready' && <ToVerifyList page={toVerify.data} territoryLabel={label} listUrl={`/lieux?${joined(query, 'a_verifier=true')}`} />}
        </section>
      )}

      {query !== null && (
        <section aria-labelledby="journal">
          <h2 id="journal">Journal des relances</h2>
          {journal.kind === 'loading' && <p role="status">Chargement du journal…</p>}
          {journal.kind === 'error' && <Alert severity="error" as="h3" small title="Le journal n'a pas pu être chargé" description={journal.message} />}
          {journal.kind === 'ready' && <SendingLog envois={journal.data.envois} territoryLabel={label} />}
        </section>
      )}
    </Page>
  );
}

function ToVerifyList({ page, territoryLabel, listUrl }: { page: LieuxPage; territoryLabel: string; listUrl: string }) {
  if (page.resultats.length === 0) {
    return <p data-testid="a-verifier-compte">Aucun lieu à vérifier : tous les lieux de ce territoire ont été confirmés depuis moins de 6 mois.</p>;
  }
  return (
    <>
      <p data-testid="a-verifier-compte">
        {page.curseurSuivant
          ? `Plus de ${plural(page.resultats.length, 'lieu', 'lieux')} à vérifier ; les ${page.resultats.length} premiers :`
          : `${plural(page.resultats.length, 'lieu', 'lieux')} à vérifier.`}{' '}
        Leur page publique indique la date de leur dernière confirmation. Depuis la fiche d'un lieu, vous pouvez inviter sa structure à le mettre à jour.
      </p>
      <DataTable
        caption={`Lieux à vérifier — ${territoryLabel}`}
        headers={['Lieu', 'Commune', 'Dernière confirmation']}
        rows={page.resultats.map((l) => ({
          key: l.id,
          cells: [
            <Link key="lieu" to={`/lieux/${encodeURIComponent(l.id)}`}>
              {l.nom}
            </Link>,
            l.commune,
            l.confirmeLe ? confirmationDay(l.confirmeLe) : `Jamais (publié le ${confirmationDay(l.ajouteLe)})`,
          ],
        }))}
      />
      {page.curseurSuivant && (
        <p>
          <Link className={fr.cx('fr-link')} to={listUrl}>
            Voir tous les lieux à vérifier dans la liste des lieux
          </Link>
        </p>
      )}
    </>
  );
}

function SendingLog({ envois, territoryLabel }: { envois: Envoi[]; territoryLabel: string }) {
  if (envois.length === 0) return <p data-testid="journal-compte">Aucune relance n'a encore été envoyée pour les lieux de ce territoire.</p>;
  const interrupted = envois.filter((e) => e.resultat === 'interrompu').length;
  return (
    <>
      <p data-testid="journal-compte">{plural(envois.length, 'relance', 'relances')}, les plus récentes d'abord.</p>
      {interrupted > 0 && (
        <Alert
          className={fr.cx('fr-mb-3w')}
          severity="warning"
          small
          description={
            interrupted > 1
              ? `${interrupted} relances ont été interrompues : le serveur s'est arrêté pendant l'envoi, les courriels sont peut-être partis. Elles ne sont pas renvoyées automatiquement (pour ne jamais écrire deux fois) ; si besoin, invitez les structures depuis la fiche de leur lieu.`
              : "1 relance a été interrompue : le serveur s'est arrêté pendant l'envoi, le courriel est peut-être parti. Elle n'est pas renvoyée automatiquement (pour ne jamais écrire deux fois) ; si besoin, invitez la structure depuis la fiche du lieu."
          }
        />
      )}
      <DataTable
        caption={`Relances envoyées — ${territoryLabel}`}
        headers={['Date', 'Lieu', 'Relance', 'Destinataire', 'Résultat', 'À suivre']}
        rows={envois.map((e) => ({
          key: e.id,
          cells: [
            formatDate(e.date),
            <span key="lieu" className="maillage-rappels-texte">
              <Link to={`/lieux/${encodeURIComponent(e.lieu.id)}`}>{e.lieu.nom}</Link> ({e.lieu.commune})
            </span>,
            e.etape === 'premier-rappel' ? 'Première' : 'Seconde',
            e.destinataire ?? '—',
            <Badge key="resultat" as="span" small noIcon severity={RESULTATS[e.resultat].severity}>
              {RESULTATS[e.resultat].label}
            </Badge>,
            <span key="suite" className="maillage-rappels-texte">
              {followUp(e)}
            </span>,
          ],
        }))}
      />
    </>
  );
}
