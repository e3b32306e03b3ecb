import { createBrowserRouter } from 'react-router';
import { TokensPage } from './admin/TokensPage';
import { UsersPage } from './admin/UsersPage';
import { AccountPage } from './auth/AccountPage';
import { MagicLinkPage } from './auth/MagicLinkPage';
import { SignInPage } from './auth/SignInPage';
import { HomePage } from './home/HomePage';
import { AccessibilityPage } from './legal/AccessibilityPage';
import { LegalNoticePage } from './legal/LegalNoticePage';
import { NotFoundPage } from './legal/NotFoundPage';
import { PrivacyPage } from './legal/PrivacyPage';
import { SiteMapPage } from './legal/SiteMapPage';
import { DoublonsPage } from './lieux/DoublonsPage';
import { ExportPage } from './lieux/ExportPage';
import { ImportsPage } from './lieux/ImportsPage';
import { LieuPage } from './lieux/LieuPage';
import { LieuxListPage } from './lieux/LieuxListPage';
import { Layout } from './platform/Layout';
import { RequireAuth } from './platform/RequireAuth';

export const router = createBrowserRouter([
  // The embeddable search (docs/widget.md): framed by other sites, so outside the layout (no header, footer, menu).
  { path: 'widget', lazy: async () => ({ Component: (await import('./widget/WidgetPage')).WidgetPage }) },
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'connexion', element: <SignInPage /> },
      { path: 'connexion/lien', element: <MagicLinkPage /> },
      { path: 'mentions-legales', element: <LegalNoticePage /> },
      { path: 'accessibilite', element: <AccessibilityPage /> },
      { path: 'donnees-personnelles', element: <PrivacyPage /> },
      { path: 'plan-du-site', element: <SiteMapPage /> },
      { path: 'lieux', element: <LieuxListPage /> },
      { path: 'lieux/export', element: <ExportPage /> },
      { path: 'lieux/:id', element: <LieuPage /> },
      // The public finder: loaded on demand, so the home page stays light on an old phone.
      { path: 'orientation', lazy: async () => ({ Component: (await import('./orientation/OrientationPage')).OrientationPage }) },
      { path: 'orientation/commune', lazy: async () => ({ Component: (await import('./orientation/CommunePage')).CommunePage }) },
      { path: 'orientation/resultats', lazy: async () => ({ Component: (await import('./orientation/ResultsPage')).ResultsPage }) },
      { path: 'lieu/:id', lazy: async () => ({ Component: (await import('./orientation/PublicLieuPage')).PublicLieuPage }) },
      // A structure's link (no account): loaded on demand, like the edit form it holds.
      { path: 'structure/:jeton', lazy: async () => ({ Component: (await import('./freshness/StructurePage')).StructurePage }) },
      { path: 'integrer', lazy: async () => ({ Component: (await import('./widget/IntegrerPage')).IntegrerPage }) },
      { path: 'orientation/fiche', lazy: async () => ({ Component: (await import('./orientation/fiche/FichePage')).FichePage }) },
      {
        element: <RequireAuth />,
        children: [{ path: 'compte', element: <AccountPage /> }],
      },
      {
        element: <RequireAuth roles={['admin']} />,
        children: [
          { path: 'admin/utilisateurs', element: <UsersPage scope="admin" /> },
          { path: 'admin/jetons', element: <TokensPage /> },
        ],
      },
      {
        element: <RequireAuth roles={['gestionnaire']} />,
        children: [{ path: 'territoire/utilisateurs', element: <UsersPage scope="territoire" /> }],
      },
      {
        element: <RequireAuth roles={['gestionnaire', 'admin']} />,
        children: [
          { path: 'gestion/imports', element: <ImportsPage /> },
          { path: 'gestion/doublons', element: <DoublonsPage /> },
          { path: 'gestion/rappels', lazy: async () => ({ Component: (await import('./freshness/RappelsPage')).RappelsPage }) },
          { path: 'gestion/conflits', lazy: async () => ({ Component: (await import('./lieux/ConflitsPage')).ConflitsPage }) },
          { path: 'gestion/signalements', lazy: async () => ({ Component: (await import('./freshness/SignalementsPage')).SignalementsPage }) },
          { path: 'gestion/invitations', lazy: async () => ({ Component: (await import('./freshness/InvitationsPage')).InvitationsPage }) },
          { path: 'lieux/:id/modifier', lazy: async () => ({ Component: (await import('./freshness/LieuEditPage')).LieuEditPage }) },
        ],
      },
      {
        element: <RequireAuth roles={['gestionnaire', 'coordinateur', 'admin']} />,
        children: [{ path: 'pilotage/fiabilite', lazy: async () => ({ Component: (await import('./freshness/FiabilitePage')).FiabilitePage }) }],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
