import { Page } from '../platform/Page';

export function PrivacyPage() {
  return (
    <Page title="Données personnelles" narrow>
      <p>
        Cette page explique quelles données personnelles Maillage utilise, pourquoi, et comment exercer vos droits, en
        application du règlement général sur la protection des données (RGPD).
      </p>

      <h2>Responsable de traitement</h2>
      <p>
        Le responsable de traitement est l'administration qui édite Maillage (voir les mentions légales). Elle a désigné
        un délégué à la protection des données (DPD), que vous pouvez contacter pour toute question.
      </p>

      <h2>Finalités</h2>
      <p>Maillage traite des données personnelles pour :</p>
      <ul>
        <li>permettre aux professionnels du réseau de se connecter à leur compte ;</li>
        <li>gérer les rôles et les droits de chacun sur son territoire ;</li>
        <li>garder une trace des actions importantes (journal de sécurité), pour prévenir les abus.</li>
      </ul>

      <h2>Données traitées</h2>
      <ul>
        <li>adresse e-mail professionnelle ;</li>
        <li>nom et prénom, s'ils ont été renseignés ;</li>
        <li>rôles et territoires de rattachement ;</li>
        <li>dates de connexion et journal des actions importantes, avec l'adresse IP.</li>
      </ul>
      <p>Les personnes accompagnées par le réseau ne sont pas enregistrées dans Maillage.</p>

      <h2>Base légale</h2>
      <p>
        Ces traitements sont nécessaires à l'exécution d'une mission d'intérêt public : l'organisation de l'inclusion
        numérique sur le territoire (article 6.1.e du RGPD).
      </p>

      <h2>Durée de conservation</h2>
      <ul>
        <li>les données de compte : tant que le compte est actif, puis un an après la dernière connexion ;</li>
        <li>les liens de connexion : 15 minutes au plus ;</li>
        <li>la session de connexion : 7 jours au plus ;</li>
        <li>le journal de sécurité : un an.</li>
      </ul>

      <h2>Destinataires</h2>
      <p>
        Seules les personnes habilitées ont accès à ces données : les administrateurs de Maillage, et les gestionnaires
        de territoire pour les comptes de leur territoire. Les données ne sont ni vendues ni cédées. L'hébergeur les
        traite pour notre compte, en France.
      </p>

      <h2>Vos droits</h2>
      <p>
        Vous pouvez accéder à vos données, les faire corriger, demander leur effacement ou la limitation de leur
        traitement, et vous opposer à leur traitement. Pour exercer ces droits, contactez le délégué à la protection des
        données de l'administration éditrice. Si vous estimez, après nous avoir contactés, que vos droits ne sont pas
        respectés, vous pouvez adresser une réclamation à la{' '}
        <a href="https://www.cnil.fr/fr/plaintes" target="_blank" rel="noopener noreferrer" title="CNIL, adresser une plainte - nouvelle fenêtre">
          CNIL
        </a>
        .
      </p>

      <h2>Cookies</h2>
      <p>
        Maillage dépose un seul cookie, strictement nécessaire au fonctionnement du service : le cookie de session, qui
        garde votre connexion ouverte. Il n'est déposé que lorsque vous vous connectez, et disparaît quand vous vous
        déconnectez. Il n'y a aucun cookie de mesure d'audience, de publicité ou de suivi : c'est pourquoi aucun
        bandeau ne vous demande votre accord.
      </p>
    </Page>
  );
}
