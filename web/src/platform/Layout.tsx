import { headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header, type HeaderProps } from '@codegouvfr/react-dsfr/Header';
import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from './session';

const HEADER_ID = 'en-tete';
const NAVIGATION_ID = `${HEADER_ID}-main-navigation`;

function isCurrent(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function useNavigationItems(): MainNavigationProps.Item[] {
  const { pathname } = useLocation();
  const session = useSession();
  const link = (text: string, to: string): MainNavigationProps.Item => ({
    text,
    linkProps: { to },
    isActive: isCurrent(pathname, to),
  });

  const items: MainNavigationProps.Item[] = [link('Accueil', '/'), link("Trouver de l'aide", '/orientation'), link('Lieux', '/lieux')];
  if (!session.user) {
    items.push(link('Se connecter', '/connexion'));
    return items;
  }
  items.push(link('Mon compte', '/compte'));
  if (session.hasRole('admin')) {
    items.push({
      text: 'Administration',
      isActive: pathname.startsWith('/admin'),
      menuLinks: [
        { text: 'Utilisateurs', linkProps: { to: '/admin/utilisateurs' }, isActive: isCurrent(pathname, '/admin/utilisateurs') },
        { text: "Jetons d'API", linkProps: { to: '/admin/jetons' }, isActive: isCurrent(pathname, '/admin/jetons') },
      ],
    });
  }
  if (session.hasRole('gestionnaire')) items.push(link('Utilisateurs de mon territoire', '/territoire/utilisateurs'));
  if (session.hasRole('gestionnaire') || session.hasRole('admin')) {
    items.push({
      text: 'Gestion des lieux',
      isActive: pathname.startsWith('/gestion'),
      menuLinks: [
        { text: 'Importer des lieux', linkProps: { to: '/gestion/imports' }, isActive: isCurrent(pathname, '/gestion/imports') },
        { text: 'Doublons à examiner', linkProps: { to: '/gestion/doublons' }, isActive: isCurrent(pathname, '/gestion/doublons') },
        { text: 'Relances envoyées', linkProps: { to: '/gestion/rappels' }, isActive: isCurrent(pathname, '/gestion/rappels') },
        { text: "Conflits d'import à examiner", linkProps: { to: '/gestion/conflits' }, isActive: isCurrent(pathname, '/gestion/conflits') },
        { text: 'Signalements à traiter', linkProps: { to: '/gestion/signalements' }, isActive: isCurrent(pathname, '/gestion/signalements') },
        { text: 'Inviter les structures', linkProps: { to: '/gestion/invitations' }, isActive: isCurrent(pathname, '/gestion/invitations') },
      ],
    });
  }
  if (session.hasRole('gestionnaire') || session.hasRole('coordinateur') || session.hasRole('admin')) {
    items.push({ text: 'Pilotage', linkProps: { to: '/pilotage/fiabilite' }, isActive: pathname.startsWith('/pilotage') });
  }
  return items;
}

/** After each navigation (not the first load), moves focus to the page heading so screen readers announce the new page. */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.getElementById('titre-page');
    if (heading) heading.focus({ preventScroll: false });
    else document.getElementById('contenu')?.focus();
    window.scrollTo({ top: 0 });
  }, [pathname]);
}

export function Layout() {
  const session = useSession();
  const navigate = useNavigate();
  const navigation = useNavigationItems();
  useFocusOnNavigation();

  const quickAccessItems: HeaderProps.QuickAccessItem[] = session.user
    ? [
        { iconId: 'fr-icon-account-circle-line', text: 'Mon compte', linkProps: { to: '/compte' } },
        {
          iconId: 'fr-icon-logout-box-r-line',
          text: 'Se déconnecter',
          buttonProps: {
            type: 'button',
            onClick: () => {
              void session.signOut().then(
                () => navigate('/connexion?deconnecte=1'),
                () => undefined,
              );
            },
          },
        },
      ]
    : [{ iconId: 'fr-icon-account-circle-line', text: 'Se connecter', linkProps: { to: '/connexion' } }];

  return (
    <>
      <SkipLinks
        links={[
          { label: 'Contenu', anchor: '#contenu' },
          { label: 'Menu', anchor: `#${NAVIGATION_ID}` },
          { label: 'Pied de page', anchor: '#pied-de-page' },
        ]}
      />
      <Header
        id={HEADER_ID}
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        homeLinkProps={{ to: '/', title: 'Accueil — Maillage' }}
        serviceTitle="Maillage"
        serviceTagline="Le réseau de l'inclusion numérique de votre territoire"
        quickAccessItems={quickAccessItems}
        navigation={navigation}
      />
      <main id="contenu" role="main" tabIndex={-1} className="maillage-main">
        <Outlet />
      </main>
      <Footer
        id="pied-de-page"
        accessibility="non compliant"
        accessibilityLinkProps={{ to: '/accessibilite' }}
        termsLinkProps={{ to: '/mentions-legales' }}
        websiteMapLinkProps={{ to: '/plan-du-site' }}
        contentDescription="Maillage aide les collectivités, les structures et les médiateurs numériques à connaître, cartographier et animer le réseau de l'inclusion numérique de leur territoire."
        bottomItems={[{ text: 'Données personnelles', linkProps: { to: '/donnees-personnelles' } }, headerFooterDisplayItem]}
      />
    </>
  );
}
