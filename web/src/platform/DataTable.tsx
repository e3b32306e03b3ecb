import { fr } from '@codegouvfr/react-dsfr';
import { useId, type ReactNode } from 'react';

interface DataTableProps {
  caption: string;
  headers: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}

/**
 * DSFR table (1.12+ markup). The scrolling container is focusable and named after the caption,
 * so keyboard users can scroll it on narrow screens.
 */
export function DataTable({ caption, headers, rows }: DataTableProps) {
  const captionId = useId();
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered')}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-labelledby={captionId}>
          <div className="fr-table__content">
            <table>
              <caption id={captionId}>{caption}</caption>
              <thead>
                <tr>
                  {headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    {row.cells.map((cell, i) => (
                      <td key={i} className="maillage-break">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
