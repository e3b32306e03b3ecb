import { fr } from '@codegouvfr/react-dsfr';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { useEffect, type ReactNode } from 'react';

export interface Crumb {
  label: string;
  to: string;
}

interface PageProps {
  /** The main heading, also used in the tab title. */
  title: string;
  /** Parents shown in the breadcrumb (home is added); no breadcrumb when omitted. */
  crumbs?: Crumb[];
  /** Short text under the heading. */
  lead?: ReactNode;
  /** Narrow column for forms and reading. */
  narrow?: boolean;
  children?: ReactNode;
}

export const SITE_NAME = 'Maillage';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title === SITE_NAME ? title : `${title} — ${SITE_NAME}`;
  }, [title]);
}

/** One page: breadcrumb, heading (focused after each navigation, see Layout), content. */
export function Page({ title, crumbs, lead, narrow, children }: PageProps) {
  usePageTitle(title);
  const body = (
    <>
      <h1 id="titre-page" tabIndex={-1} className="maillage-page-title">
        {title}
      </h1>
      {lead && <p className={fr.cx('fr-text--lead')}>{lead}</p>}
      {children}
    </>
  );
  return (
    <div className={fr.cx('fr-container', 'fr-pb-8w', crumbs ? undefined : 'fr-pt-6w')}>
      {crumbs && (
        <Breadcrumb
          currentPageLabel={title}
          homeLinkProps={{ to: '/' }}
          segments={crumbs.map((c) => ({ label: c.label, linkProps: { to: c.to } }))}
        />
      )}
      {narrow ? (
        <div className={fr.cx('fr-grid-row')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-10', 'fr-col-lg-8')}>{body}</div>
        </div>
      ) : (
        body
      )}
    </div>
  );
}
