import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { formatDate } from '../platform/labels';
import { Page } from '../platform/Page';
import { useApiList } from '../platform/useApiList';
import './lieux.css';
import { plural, postForm } from './format';
import type { ImportReport, ImportRun } from './types';
import { fieldLabel } from './vocabulary';

const FORMATS = [
  { value: '', label: 'Détection automatique (recommandé)' },
  { value: 'standard-v1-csv', label: 'CSV du standard des lieux de médiation numérique (v1)' },
  { value: 'standard-v1-json', label: 'JSON du standard (v1)' },
  { value: 'v0-csv', label: 'CSV de l’ancien standard (v0, 2022)' },
  { value: 'v0-json', label: 'JSON de l’ancien standard (v0, 2022)' },
  { value: 'france-services-csv', label: 'Liste officielle France Services (CSV)' },
  { value: 'data-inclusion-json', label: 'data·inclusion (JSON)' },
];

interface Request {
  file: File;
  source: string;
  format: string;
  complet: boolean;
}

type Step =
  | { kind: 'form' }
  | { kind: 'analysed'; request: Request; report: ImportReport }
  | { kind: 'done'; request: Request; report: ImportReport };

function formOf(request: Request, simulation: boolean): FormData {
  const form = new FormData();
  form.append('source', request.source);
  if (request.format) form.append('format', request.format);
  form.append('complet', String(request.complet));
  form.append('simulation', String(simulation));
  // The file goes last: the server reads the other fields before the file stream.
  form.append('fichier', request.file, request.file.name);
  return form;
}

export function ImportsPage() {
  const { items: runs, error: runsError, reload } = useApiList<ImportRun>('/api/v1/imports', 'imports');
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step.kind !== 'form') headingRef.current?.focus();
  }, [step]);

  async function confirm(request: Request) {
    setBusy(true);
    setConfirmError(undefined);
    try {
      const report = await postForm<ImportReport>('/api/v1/imports', formOf(request, false));
      setStep({ kind: 'done', request, report });
      await reload();
    } catch (e) {
      setConfirmError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const stepNumber = step.kind === 'form' ? 1 : step.kind === 'analysed' ? 2 : 3;
  const titles = ['Choisir le fichier', "Vérifier l'analyse", "Résultat de l'import"];

  return (
    <Page
      title="Importer des lieux"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Ajoutez ou mettez à jour les lieux d'une source à partir d'un fichier. Le fichier est d'abord analysé : rien n'est enregistré avant votre confirmation."
    >
      <Stepper currentStep={stepNumber} stepCount={3} title={titles[stepNumber - 1] ?? ''} nextTitle={titles[stepNumber]} />

      {step.kind === 'form' && <UploadForm onAnalysed={(request, report) => setStep({ kind: 'analysed', request, report })} />}

      {step.kind === 'analysed' && (
        <section aria-labelledby="analyse-titre">
          <h2 id="analyse-titre" ref={headingRef} tabIndex={-1}>
            Analyse du fichier « {step.request.file.name} »
          </h2>
          <p>
            Voici ce que l'import ferait pour la source « {step.request.source} » ({step.request.complet ? 'import complet' : 'import partiel'}).
            Rien n'a encore été enregistré.
          </p>
          <ReportView report={step.report} simulation />
          {confirmError && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="L'import n'a pas été fait" description={confirmError} />}
          <Button className={fr.cx('fr-mr-2w', 'fr-mb-1w')} iconId="fr-icon-check-line" disabled={busy || step.report.accepted === 0} onClick={() => void confirm(step.request)}>
            {busy ? 'Import en cours…' : "Confirmer l'import"}
          </Button>
          <Button priority="secondary" className={fr.cx('fr-mb-1w')} onClick={() => setStep({ kind: 'form' })}>
            Choisir un autre fichier
          </Button>
          {step.report.accepted === 0 && <p className={fr.cx('fr-mt-1w')}>Aucune ligne n'est valide : corrigez le fichier avant de l'importer.</p>}
        </section>
      )}

      {step.kind === 'done' && (
        <section aria-labelledby="resultat-titre">
          <h2 id="resultat-titre" ref={headingRef} tabIndex={-1}>
            Import terminé
          </h2>
          <Alert
            className={fr.cx('fr-mb-3w')}
            severity="success"
            small
            description={`Le fichier « ${step.request.file.name} » a été importé pour la source « ${step.request.source} ».`}
          />
          <ReportView report={step.report} simulation={false} />
          <Button priority="secondary" onClick={() => setStep({ kind: 'form' })}>
            Importer un autre fichier
          </Button>
        </section>
      )}

      <section aria-labelledby="imports-precedents" className={fr.cx('fr-mt-6w')}>
        <h2 id="imports-precedents">Imports précédents</h2>
        {runsError && <Alert severity="error" small description={`La liste n'a pas pu être chargée : ${runsError}`} />}
        {runs === null ? (
          <p role="status">Chargement de la liste…</p>
        ) : runs.length === 0 ? (
          !runsError && <p>Aucun import pour le moment.</p>
        ) : (
          <DataTable
            caption={plural(runs.length, 'import', 'imports')}
            headers={['Date', 'Source', 'Fichier', 'Type', 'Lignes', 'Acceptées', 'Rejetées', 'Créés', 'Mis à jour', 'Absents']}
            rows={runs.map((r) => ({
              key: r.id,
              cells: [formatDate(r.date), r.source, r.fichier ?? '—', r.complet ? 'Complet' : 'Partiel', r.total, r.acceptes, r.rejetes, r.crees, r.modifies, r.absents],
            }))}
          />
        )}
      </section>
    </Page>
  );
}

type Field = 'fichier' | 'source' | 'format';

function UploadForm({ onAnalysed }: { onAnalysed: (request: Request, report: ImportReport) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [format, setFormat] = useState('');
  const [complet, setComplet] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  function focusFirst(found: Partial<Record<Field, string>>) {
    const first = (['fichier', 'source', 'format'] as Field[]).find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setGeneral(undefined);
    const found: Partial<Record<Field, string>> = {};
    if (!file) found.fichier = 'Choisissez le fichier à importer.';
    if (!source.trim()) found.source = "Indiquez le nom de la source, par exemple : conseil-departemental-86.";
    setErrors(found);
    if (!file || Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    const request: Request = { file, source: source.trim(), format, complet };
    setBusy(true);
    try {
      const report = await postForm<ImportReport>('/api/v1/imports', formOf(request, true));
      onAnalysed(request, report);
    } catch (e) {
      if (e instanceof ApiError) {
        const fromServer: Partial<Record<Field, string>> = {};
        for (const f of ['fichier', 'source', 'format'] as Field[]) {
          const message = e.fieldMessage(f);
          if (message) fromServer[f] = message;
        }
        setErrors(fromServer);
        focusFirst(fromServer);
        if (!e.concernsOnly(['fichier', 'source', 'format'])) setGeneral(e.detail);
      } else setGeneral(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="fichier-titre">
      <h2 id="fichier-titre">Fichier à importer</h2>
      {general && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="Le fichier n'a pas pu être analysé" description={general} />}
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className={fr.cx('fr-col-12', 'fr-col-md-8')}>
        <Upload
          className={fr.cx('fr-mb-3w')}
          label="Fichier des lieux"
          hint="CSV ou JSON, 20 Mo au plus. Le format est reconnu automatiquement."
          state={errors.fichier ? 'error' : 'default'}
          stateRelatedMessage={errors.fichier}
          nativeInputProps={{
            name: 'fichier',
            accept: '.csv,.json,.geojson,text/csv,application/json',
            onChange: (e) => setFile(e.target.files?.[0] ?? null),
            'aria-invalid': errors.fichier ? true : undefined,
          }}
        />
        <Input
          label="Nom de la source"
          hintText="Qui fournit ces données. Réutilisez le même nom à chaque import de cette source."
          state={errors.source ? 'error' : 'default'}
          stateRelatedMessage={errors.source}
          nativeInputProps={{ name: 'source', value: source, onChange: (e) => setSource(e.target.value), autoComplete: 'off', 'aria-invalid': errors.source ? true : undefined }}
        />
        <Select
          label="Format du fichier"
          state={errors.format ? 'error' : 'default'}
          stateRelatedMessage={errors.format}
          nativeSelectProps={{ name: 'format', value: format, onChange: (e) => setFormat(e.target.value) }}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </Select>
        <RadioButtons
          legend="Type d'import"
          name="complet"
          options={[
            {
              label: 'Complet',
              hintText: "Le fichier contient tous les lieux de la source : ceux qui n'y sont plus seront signalés comme absents (jamais supprimés).",
              nativeInputProps: { value: 'true', checked: complet, onChange: () => setComplet(true) },
            },
            {
              label: 'Partiel',
              hintText: 'Le fichier ne contient que des ajouts ou des mises à jour : les autres lieux de la source ne changent pas.',
              nativeInputProps: { value: 'false', checked: !complet, onChange: () => setComplet(false) },
            },
          ]}
        />
        <Button type="submit" iconId="fr-icon-search-line" disabled={busy}>
          {busy ? 'Analyse en cours…' : 'Analyser le fichier'}
        </Button>
      </form>
    </section>
  );
}

/** Warnings grouped by field and reason, with how many times each occurs. */
function warningSummary(warnings: ImportReport['warnings']): Array<{ key: string; text: string; count: number }> {
  const counts = new Map<string, number>();
  for (const w of warnings) {
    const text = `${w.field ? `${fieldLabel(w.field)} : ` : ''}${w.reason}`;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts.entries()].map(([text, count]) => ({ key: text, text, count }));
}

function ReportView({ report, simulation }: { report: ImportReport; simulation: boolean }) {
  const would = simulation ? ' (prévu)' : '';
  const counts: Array<[string, number]> = [
    ['Lignes lues', report.total],
    ['Lignes acceptées', report.accepted],
    ['Lignes rejetées', report.rejected],
    [`Enregistrements créés${would}`, report.created],
    [`Enregistrements mis à jour${would}`, report.updated],
    ['Enregistrements inchangés', report.unchanged],
    [`Enregistrements absents du fichier${would}`, report.absent],
    [`Lieux publics créés${would}`, report.lieux.created],
    [`Lieux publics mis à jour${would}`, report.lieux.updated],
    [`Conflits à examiner${would}`, report.conflits ?? 0],
  ];
  const warnings = warningSummary(report.warnings);
  return (
    <div className={fr.cx('fr-mb-4w')}>
      <p>
        Format reconnu : <strong>{report.format}</strong>
      </p>
      <ul className="maillage-counts" aria-label="Chiffres de l'import" data-testid="import-chiffres">
        {counts.map(([label, n]) => (
          <li key={label}>
            <strong>{n.toLocaleString('fr-FR')}</strong> {label}
          </li>
        ))}
      </ul>
      {!!report.conflits && (
        <p data-testid="import-conflits">
          {simulation
            ? `${plural(report.conflits, 'valeur du fichier concerne', 'valeurs du fichier concernent')} des informations modifiées dans Maillage : elles ne les remplaceront pas et seront à examiner.`
            : `${plural(report.conflits, 'valeur du fichier concerne', 'valeurs du fichier concernent')} des informations modifiées dans Maillage : les lieux gardent les valeurs saisies. `}
          {!simulation && (
            <Link to={report.departements.length === 1 ? `/gestion/conflits?departement=${report.departements[0]}` : '/gestion/conflits'}>
              Examiner les conflits d'import
            </Link>
          )}
        </p>
      )}
      <h3 className={fr.cx('fr-h5', 'fr-mt-3w')}>Lignes rejetées</h3>
      {report.rejects.length === 0 ? (
        <p>Aucune ligne rejetée.</p>
      ) : (
        <>
          <p>Ces lignes ne seront pas importées. Corrigez-les dans le fichier, puis importez-le à nouveau.</p>
          {report.importId && (
            <p>
              <a
                className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')}
                href={`/api/v1/imports/${encodeURIComponent(report.importId)}/rejets.csv`}
                download
              >
                Télécharger les lignes rejetées (CSV à corriger puis à importer de nouveau)
              </a>
            </p>
          )}
          <DataTable
            caption={plural(report.rejects.length, 'problème sur les lignes rejetées', 'problèmes sur les lignes rejetées')}
            headers={['Ligne', 'Champ', 'Valeur', 'Motif']}
            rows={report.rejects.map((r, i) => ({ key: `${r.line}-${r.field}-${i}`, cells: [r.line, fieldLabel(r.field), r.value || '(vide)', r.reason] }))}
          />
        </>
      )}
      <h3 className={fr.cx('fr-h5', 'fr-mt-3w')}>Avertissements</h3>
      {warnings.length === 0 ? (
        <p>Aucun avertissement.</p>
      ) : (
        <>
          <p>Ces lignes sont acceptées, mais certaines informations ont été corrigées ou ignorées :</p>
          <ul>
            {warnings.map((w) => (
              <li key={w.key}>
                {w.text} — {plural(w.count, 'fois', 'fois')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
