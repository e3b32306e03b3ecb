import { Link } from 'react-router';
import { Page } from '../platform/Page';

export function AccessibilityPage() {
  return (
    <Page title="Déclaration d'accessibilité" narrow>
      <p>
        L'administration qui édite Maillage s'engage à rendre ses services numériques accessibles, conformément à
        l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site Maillage.
      </p>

      <h2>État de conformité</h2>
      <p>
        Maillage est <strong>non conforme</strong> avec le référentiel général d'amélioration de l'accessibilité (RGAA)
        version 4.1 : aucun audit de conformité n'a encore été réalisé.
      </p>

      <h2>Résultats des tests</h2>
      <p>
        En l'absence d'audit, aucun taux de conformité ne peut être publié. Des tests automatiques sont lancés à chaque
        modification du service, sur ordinateur et sur petit écran de téléphone (320 pixels de large), avec l'outil
        axe-core et les critères WCAG 2.1 niveaux A et AA. Un audit complet par un organisme indépendant est prévu.
      </p>

      <h2>Contenus non accessibles</h2>
      <p>Les contenus suivants ne sont pas encore vérifiés et peuvent poser des difficultés :</p>
      <ul>
        <li>les tableaux de données des pages d'administration, sur les très petits écrans ;</li>
        <li>les futurs documents à télécharger (PDF, tableurs), qui n'ont pas encore été testés ;</li>
        <li>le service de connexion ProConnect, qui dépend d'un autre site.</li>
      </ul>

      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie lors de la mise en service de Maillage. Elle sera mise à jour après l'audit.</p>
      <h3>Technologies utilisées</h3>
      <ul>
        <li>HTML5</li>
        <li>CSS</li>
        <li>JavaScript</li>
      </ul>
      <h3>Environnement de test</h3>
      <p>Les tests automatiques utilisent le navigateur Chromium. Des tests avec les lecteurs d'écran NVDA et VoiceOver sont prévus.</p>

      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'équipe de Maillage : nous vous
        aiderons à obtenir l'information sous une autre forme. Vous pouvez aussi vous adresser au gestionnaire de votre
        territoire.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service, et
        que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :
      </p>
      <ul>
        <li>
          écrire un message au{' '}
          <a href="https://formulaire.defenseurdesdroits.fr/" target="_blank" rel="noopener noreferrer" title="Défenseur des droits - nouvelle fenêtre">
            Défenseur des droits
          </a>{' '}
          ;
        </li>
        <li>
          contacter{' '}
          <a href="https://www.defenseurdesdroits.fr/carte-des-delegues" target="_blank" rel="noopener noreferrer" title="Délégués du Défenseur des droits - nouvelle fenêtre">
            le délégué du Défenseur des droits dans votre région
          </a>{' '}
          ;
        </li>
        <li>
          envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse
          71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
      <p>
        Voir aussi le <Link to="/plan-du-site">plan du site</Link>.
      </p>
    </Page>
  );
}
