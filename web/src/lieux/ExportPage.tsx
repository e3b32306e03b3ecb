import { fr } from '@codegouvfr/react-dsfr';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useState } from 'react';
import { Page } from '../platform/Page';
import { EXPORT_FORMATS } from './vocabulary';

type Format = (typeof EXPORT_FORMATS)[number]['value'];

export function exportUrl(format: Format, territory: { departement: string; epci: string; commune: string }, raw: boolean): string {
  const query = new URLSearchParams();
  if (territory.departement.trim()) query.set('departement', territory.departement.trim());
  if (territory.epci.trim()) query.set('epci', territory.epci.trim());
  if (territory.commune.trim()) query.set('commune', territory.commune.trim().toUpperCase());
  if (raw && format !== 'data-inclusion') query.set('brut', 'true');
  const path = format === 'data-inclusion' ? '/api/v1/lieux/export/data-inclusion' : `/api/v1/lieux/export.${format}`;
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export function ExportPage() {
  const [format, setFormat] = useState<Format>('csv');
  const [departement, setDepartement] = useState('');
  const [epci, setEpci] = useState('');
  const [commune, setCommune] = useState('');
  const [raw, setRaw] = useState(false);

  const url = exportUrl(format, { departement, epci, commune }, raw);
  const chosen = EXPORT_FORMATS.find((f) => f.value === format);
  const territory = [
    commune.trim() && `commune ${commune.trim()}`,
    epci.trim() && `intercommunalité ${epci.trim()}`,
    departement.trim() && `département ${departement.trim()}`,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <Page
      title="Télécharger les lieux"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Les données des lieux de médiation numérique sont ouvertes : vous pouvez les télécharger et les réutiliser librement."
    >
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-7')}>
          <form onSubmit={(e) => e.preventDefault()} aria-labelledby="choix-titre">
            <h2 id="choix-titre">Choisir les données</h2>
            <RadioButtons
              legend="Format du fichier"
              name="format"
              options={EXPORT_FORMATS.map((f) => ({
                label: f.label,
                hintText: f.hint,
                nativeInputProps: { value: f.value, checked: format === f.value, onChange: () => setFormat(f.value) },
              }))}
            />
            <fieldset className={fr.cx('fr-fieldset')} aria-labelledby="export-territoire-legende">
              <legend id="export-territoire-legende" className={fr.cx('fr-fieldset__legend')}>
                Territoire (facultatif)
                <span className={fr.cx('fr-hint-text')}>Laissez vide pour tous les lieux.</span>
              </legend>
              <div className={fr.cx('fr-fieldset__element')}>
                <Input
                  label="Département (numéro)"
                  hintText="Par exemple : 86"
                  nativeInputProps={{ name: 'departement', value: departement, onChange: (e) => setDepartement(e.target.value), autoComplete: 'off' }}
                />
              </div>
              <div className={fr.cx('fr-fieldset__element')}>
                <Input
                  label="Intercommunalité (SIREN de l'EPCI)"
                  hintText="9 chiffres"
                  nativeInputProps={{ name: 'epci', inputMode: 'numeric', value: epci, onChange: (e) => setEpci(e.target.value), autoComplete: 'off' }}
                />
              </div>
              <div className={fr.cx('fr-fieldset__element')}>
                <Input
                  label="Commune (code Insee)"
                  hintText="5 caractères, par exemple : 86194 pour Poitiers"
                  nativeInputProps={{ name: 'commune', value: commune, onChange: (e) => setCommune(e.target.value), autoComplete: 'off' }}
                />
              </div>
            </fieldset>
            <Checkbox
              options={[
                {
                  label: 'Données brutes, par source',
                  hintText:
                    "Une ligne par enregistrement de chaque source, avant regroupement des doublons. Sans cette option, chaque lieu apparaît une seule fois. Non disponible au format data·inclusion.",
                  nativeInputProps: { name: 'brut', checked: raw, disabled: format === 'data-inclusion', onChange: (e) => setRaw(e.target.checked) },
                },
              ]}
            />
          </form>
          <div className={fr.cx('fr-callout', 'fr-mt-2w')}>
            <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
              {chosen?.label}
              {territory ? ` — ${territory}` : ' — tous les lieux'}
              {raw && format !== 'data-inclusion' ? ' — données brutes par source' : ''}
            </p>
            <a className={fr.cx('fr-btn', 'fr-icon-download-line', 'fr-btn--icon-left', 'fr-mt-2w')} href={url} download data-testid="lien-export">
              Télécharger le fichier
            </a>
            <p className={fr.cx('fr-text--sm', 'fr-mt-2w', 'fr-mb-0')}>
              Adresse du fichier, pour un téléchargement automatique : <code className="maillage-break">{url}</code>
            </p>
          </div>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
          <h2>Le standard des lieux de médiation numérique</h2>
          <p>
            Les fichiers suivent le standard national des lieux de médiation numérique (version 1), porté par l'Agence nationale de la cohésion des
            territoires (ANCT) et La MedNum. C'est le format utilisé par la cartographie nationale : 32 informations par lieu (nom, adresse, horaires,
            services, publics accueillis…), les listes séparées par le caractère « | ».
          </p>
          <p>
            <a href="https://schema.data.gouv.fr/LaMednum/standard-mediation-num/" target="_blank" rel="noopener noreferrer" title="Le standard sur schema.data.gouv.fr — nouvelle fenêtre">
              Lire la description du standard
            </a>
          </p>
          <h2>Licence</h2>
          <p>
            Les données sont publiées sous la{' '}
            <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" target="_blank" rel="noopener noreferrer" title="Licence Ouverte 2.0 — nouvelle fenêtre">
              Licence Ouverte 2.0 (Etalab)
            </a>
            . Vous pouvez les copier, les modifier et les diffuser, y compris pour un usage commercial, à condition de citer la source : « Maillage » et la
            date de mise à jour des données. Chaque lieu indique aussi sa source d'origine.
          </p>
        </div>
      </div>
    </Page>
  );
}
