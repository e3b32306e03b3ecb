import { Link } from 'react-router';
import { Page } from '../platform/Page';

export function LegalNoticePage() {
  return (
    <Page title="Mentions légales" narrow>
      <h2>Éditeur du site</h2>
      <p>
        Maillage est un service public numérique édité par l'administration qui le met en œuvre pour le réseau de
        l'inclusion numérique de votre territoire. Les coordonnées exactes de l'éditeur (nom, adresse, numéro de
        téléphone) seront publiées ici avant l'ouverture du service au public.
      </p>

      <h2>Directeur ou directrice de la publication</h2>
      <p>La personne responsable de la publication est le représentant légal de l'administration éditrice.</p>

      <h2>Hébergement</h2>
      <p>
        Le service est hébergé en France, chez un hébergeur qualifié pour les données publiques. Le nom et l'adresse de
        l'hébergeur seront indiqués ici dès que le contrat sera signé.
      </p>

      <h2>Code source</h2>
      <p>Le code source de Maillage est publié sous licence libre MIT.</p>

      <h2>Accessibilité</h2>
      <p>
        Nous travaillons à rendre Maillage utilisable par toutes et tous. Consultez la{' '}
        <Link to="/accessibilite">déclaration d'accessibilité</Link>.
      </p>

      <h2>Données personnelles</h2>
      <p>
        Pour savoir quelles données nous traitons et comment exercer vos droits, consultez la page{' '}
        <Link to="/donnees-personnelles">Données personnelles</Link>.
      </p>

      <h2>Réutilisation des contenus</h2>
      <p>
        Sauf mention contraire, les textes de ce site peuvent être réutilisés selon les termes de la Licence Ouverte
        Etalab 2.0, à condition de citer la source. Le logo de la République française et la police Marianne ne peuvent
        pas être réutilisés.
      </p>
    </Page>
  );
}
