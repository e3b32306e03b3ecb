import { fr } from '@codegouvfr/react-dsfr';
import { Link } from 'react-router';
import { HomeFinder } from '../orientation/HomeFinder';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import { CommuneSearch } from './CommuneSearch';

const AREAS = [
  {
    title: 'Connaître',
    text: "Réunir en un seul endroit les lieux, les structures et les médiateurs numériques d'un territoire, avec des informations à jour.",
  },
  {
    title: 'Cartographier',
    text: "Voir sur une carte où se trouvent les lieux d'aide au numérique, et repérer les communes qui en sont éloignées.",
  },
  {
    title: 'Orienter',
    text: "Trouver rapidement le lieu le plus proche et le mieux adapté pour une personne qui a besoin d'aide avec le numérique.",
  },
  {
    title: 'Agir',
    text: 'Organiser le travail du réseau : suivre les accompagnements, partager les informations utiles entre partenaires.',
  },
  {
    title: 'Piloter',
    text: "Suivre l'activité du réseau avec des chiffres clairs, pour décider où renforcer l'offre d'accompagnement.",
  },
];

export function HomePage() {
  const session = useSession();
  return (
    <Page title="Maillage" lead="Le réseau de l'inclusion numérique de votre territoire.">
      <HomeFinder />

      <p>
        Maillage est un service public numérique. Il aide les collectivités, les structures d'accompagnement et les
        médiateurs numériques à travailler ensemble, pour que chaque habitant trouve de l'aide près de chez lui pour
        utiliser Internet, faire ses démarches en ligne ou se servir d'un ordinateur ou d'un téléphone.
      </p>

      <h2>Ce que Maillage permet de faire</h2>
      <ol className="maillage-areas">
        {AREAS.map((area) => (
          <li key={area.title}>
            <strong>{area.title}</strong> : {area.text}
          </li>
        ))}
      </ol>

      <h2>Trouver un lieu d'aide au numérique</h2>
      <p>
        Consultez la liste des lieux de médiation numérique, par commune ou par service proposé, et téléchargez leurs données.
      </p>
      <p>
        <Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to="/lieux">
          Voir les lieux
        </Link>
      </p>

      <CommuneSearch />

      <div className={fr.cx('fr-callout', 'fr-mt-6w')}>
        {session.user ? (
          <>
            <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Bienvenue</h2>
            <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
              Vous êtes connecté. Retrouvez vos informations et vos rôles dans <Link to="/compte">votre compte</Link>.
            </p>
          </>
        ) : (
          <>
            <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Vous faites partie du réseau ?</h2>
            <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
              Connectez-vous avec votre adresse e-mail professionnelle pour accéder aux outils de votre territoire.
            </p>
            <Link className={fr.cx('fr-btn')} to="/connexion">
              Se connecter
            </Link>
          </>
        )}
      </div>
    </Page>
  );
}
