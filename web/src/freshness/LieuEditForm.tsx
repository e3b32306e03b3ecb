import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../platform/api';
import { ConflictScreen } from './ConflictScreen';
import { analyseConflict, changesOf, formField, resolveConflict, SECTIONS, toForm, type ConflictAnalysis, type FormField, type FormValues, type LieuValues, type Choice } from './lieuForm';
import { rangeInputId, TimetableEditor } from './TimetableEditor';
import { frenchList, type TimetableProblem } from './timetable';
import './freshness.css';

export interface SavedLieu {
  lieu: LieuValues;
  version: number;
}

interface Props {
  lieu: LieuValues;
  version: number;
  /** PATCH of the lieu (structure link or gestionnaire): resolves with the saved version, throws an ApiError. */
  save: (version: number, changes: LieuValues) => Promise<SavedLieu>;
  onSaved?: (saved: SavedLieu) => void;
  /** A 403 or 429 while saving (the structure's link stopped working): the page shows why. */
  onRefused?: (error: ApiError) => void;
  /** Level of the section headings (the page's structure decides). */
  level: 2 | 3;
}

export const fieldId = (name: string) => `champ-${name}`;

interface SummaryItem {
  /** Element the link focuses. */
  target: string;
  text: string;
}

type Conflict = { analysis: ConflictAnalysis; current: LieuValues; currentVersion: number };

/**
 * The lieu's edit form, shared by the structure (through its link) and the gestionnaire: grouped as a structure thinks
 * of its lieu, the server's French messages next to each field with a summary at the top, and on a save over a newer
 * version the conflict screen, where nothing is overwritten without the person choosing.
 */
export function LieuEditForm({ lieu, version, save, onSaved, onRefused, level }: Props) {
  const [base, setBase] = useState<SavedLieu>({ lieu, version });
  const [form, setForm] = useState<FormValues>(() => toForm(lieu));
  const [hoursProblems, setHoursProblems] = useState<TimetableProblem[]>([]);
  const [editorKey, setEditorKey] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [notice, setNotice] = useState<{ severity: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const focus = useRef<'summary' | 'notice' | null>(null);

  useEffect(() => {
    if (focus.current === 'summary') summaryRef.current?.focus();
    if (focus.current === 'notice') noticeRef.current?.focus();
    focus.current = null;
  });

  const Heading = level === 2 ? 'h2' : 'h3';
  const SubHeading = level === 2 ? 'h3' : 'h4';

  function adopt(saved: SavedLieu) {
    setBase(saved);
    setForm(toForm(saved.lieu));
    setEditorKey((k) => k + 1);
    setHoursProblems([]);
  }

  function announce(severity: 'success' | 'info' | 'error', text: string) {
    setNotice({ severity, text });
    focus.current = 'notice';
  }

  function showErrors(items: SummaryItem[], apiError: ApiError | null) {
    setError(apiError);
    setSummary(items);
    setNotice(null);
    focus.current = 'summary';
  }

  /**
   * Saves `changes` against `from`; a 409 opens the conflict screen, or merges by itself when nothing collides
   * (`merged` then names what others changed meanwhile, kept, for the success message).
   */
  async function send(from: SavedLieu, changes: LieuValues, merged?: string[]): Promise<void> {
    try {
      const saved = await save(from.version, changes);
      adopt(saved);
      setConflict(null);
      setError(null);
      setSummary([]);
      const others = merged?.length ? ` Entre-temps, d’autres informations avaient été modifiées (${frenchList(merged)}) : elles sont gardées.` : '';
      const moved =
        saved.lieu.code_insee !== from.lieu.code_insee && saved.lieu.latitude !== from.lieu.latitude
          ? ` Sur la carte, le lieu est maintenant placé au centre de ${saved.lieu.commune} : son emplacement exact peut être précisé par le gestionnaire du territoire.`
          : '';
      announce('success', `Vos modifications sont enregistrées. Merci : les habitants voient dès maintenant les informations à jour.${others}${moved}`);
      onSaved?.(saved);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        showErrors([{ target: 'enregistrer', text: errorMessage(e) }], null);
        return;
      }
      if (e.status === 409 && isLieu(e.problem.lieuActuel) && typeof e.problem.versionActuelle === 'number') {
        const current = { lieu: e.problem.lieuActuel, version: e.problem.versionActuelle };
        const analysis = analyseConflict(from.lieu, changes, current.lieu);
        if (analysis.conflicts.length === 0 && merged === undefined) {
          // Someone saved other fields meanwhile: the person's changes go on top of that version, nothing collides.
          const kept = resolveConflict(analysis, {});
          if (Object.keys(kept).length === 0) {
            adopt(current);
            announce('info', 'Ces informations avaient déjà été enregistrées entre-temps : la fiche est à jour.');
            return;
          }
          await send(current, kept, analysis.theirsOnly.map((f) => formField(f)?.label ?? f));
          return;
        }
        setConflict({ analysis, current: current.lieu, currentVersion: current.version });
        setError(null);
        setSummary([]);
        setNotice(null);
        return;
      }
      if ((e.status === 403 || e.status === 429) && onRefused) {
        onRefused(e);
        return;
      }
      const named = e.erreurs.length > 0 ? e.erreurs : e.champ ? [{ champ: e.champ, message: e.detail }] : [];
      const onFields = named.filter((x) => formField(x.champ));
      if (e.status === 400 && onFields.length > 0) {
        showErrors(
          onFields.map((x) => ({ target: targetOf(x.champ), text: `${formField(x.champ)!.label} : ${plainMessage(x.champ, x.message)}` })),
          e,
        );
        return;
      }
      showErrors([{ target: 'enregistrer', text: errorMessage(e) }], e);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (hoursProblems.length > 0) {
      showErrors(
        hoursProblems.map((p) => ({ target: rangeInputId(fieldId('horaires'), p.day, p.index), text: `Horaires — ${p.message}` })),
        null,
      );
      return;
    }
    const changes = changesOf(base.lieu, form);
    if (Object.keys(changes).length === 0) {
      setError(null);
      setSummary([]);
      announce('info', 'Aucune modification à enregistrer.');
      return;
    }
    setBusy(true);
    try {
      await send(base, changes);
    } finally {
      setBusy(false);
    }
  }

  async function resolve(choices: Record<string, Choice>) {
    if (!conflict) return;
    const current = { lieu: conflict.current, version: conflict.currentVersion };
    const changes = resolveConflict(conflict.analysis, choices);
    if (Object.keys(changes).length === 0) {
      adopt(current);
      setConflict(null);
      announce('info', 'La version enregistrée entre-temps est conservée telle quelle.');
      return;
    }
    setBusy(true);
    try {
      await send(current, changes, []);
    } finally {
      setBusy(false);
    }
  }

  if (conflict) {
    return <ConflictScreen analysis={conflict.analysis} level={level} busy={busy} onResolve={(choices) => void resolve(choices)} onCancel={() => setConflict(null)} />;
  }

  const messageOf = (name: string): string | undefined => {
    const message = error?.fieldMessage(name);
    return message === undefined ? undefined : plainMessage(name, message);
  };
  const set = (name: string, value: string | string[]) => setForm((f) => ({ ...f, [name]: value }));

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Informations du lieu">
      <div ref={noticeRef} tabIndex={-1} className="maillage-notice">
        {notice && <Alert className={fr.cx('fr-mb-3w')} severity={notice.severity} small description={notice.text} />}
      </div>
      {summary.length > 0 && (
        <div ref={summaryRef} tabIndex={-1} className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mb-4w') + ' maillage-error-summary'} role="alert" aria-labelledby="resume-erreurs">
          <Heading id="resume-erreurs" className={fr.cx('fr-alert__title')}>
            {summary.length > 1 ? `${summary.length} informations sont à corriger` : 'Une information est à corriger'}
          </Heading>
          <p>Rien n’a été enregistré. Corrigez, puis enregistrez de nouveau :</p>
          <ul>
            {summary.map((item) => (
              <li key={item.text}>
                <a
                  href={`#${item.target}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(item.target)?.focus();
                  }}
                >
                  {item.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      {SECTIONS.map((section) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`} className={fr.cx('fr-mb-5w')}>
          <Heading id={`section-${section.id}`} className={fr.cx('fr-h4')}>
            {section.title}
          </Heading>
          {section.fields.map((field) =>
            field.input.kind === 'timetable' ? (
              <div key={field.name}>
                <SubHeading className={fr.cx('fr-sr-only')}>{field.label}</SubHeading>
                <TimetableEditor
                  key={editorKey}
                  id={fieldId('horaires')}
                  initial={typeof form.horaires === 'string' && form.horaires !== '' ? form.horaires : null}
                  error={messageOf('horaires')}
                  onChange={(value, problems) => {
                    set('horaires', value ?? '');
                    setHoursProblems(problems);
                  }}
                />
              </div>
            ) : (
              <FieldInput key={field.name} field={field} value={form[field.name]} message={messageOf(field.name)} onChange={(v) => set(field.name, v)} />
            ),
          )}
        </section>
      ))}

      <div className="maillage-form-actions">
        <Button type="submit" disabled={busy} nativeButtonProps={{ id: 'enregistrer' }}>
          {busy ? 'Enregistrement…' : 'Enregistrer les modifications'}
        </Button>
      </div>
    </form>
  );
}

/** The registry's messages start with the technical name (« Champ telephone : … »): next to the field, it goes. */
function plainMessage(name: string, message: string): string {
  const text = message.replace(new RegExp(`^(?:${name} : )?Champ ${name} : `), '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const isLieu = (v: unknown): v is LieuValues => typeof v === 'object' && v !== null && typeof (v as LieuValues).nom === 'string';

/** Where a field's error link goes: the field's input (the first checkbox of a group, the hours editor as a whole). */
function targetOf(name: string): string {
  return formField(name)?.input.kind === 'choices' ? `${fieldId(name)}-0` : fieldId(name);
}

function FieldInput({ field, value, message, onChange }: { field: FormField; value: string | string[] | undefined; message: string | undefined; onChange: (value: string | string[]) => void }) {
  const state = message ? ('error' as const) : ('default' as const);
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];
  const id = fieldId(field.name);
  const label = (
    <>
      {field.label}
      {field.input.kind === 'text' && field.input.required ? ' (obligatoire)' : ''}
    </>
  );
  switch (field.input.kind) {
    case 'choices': {
      const options = field.input.options;
      // Values outside the vocabulary (old data) stay listed, so that nothing disappears without the person seeing it.
      const extra = list.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: `${v} (valeur hors du standard)` }));
      return (
        <Checkbox
          id={id}
          legend={field.label}
          hintText={field.hint}
          state={state}
          stateRelatedMessage={message}
          options={[...options, ...extra].map((o) => ({
            label: o.label,
            nativeInputProps: {
              name: field.name,
              value: o.value,
              checked: list.includes(o.value),
              onChange: (e) => onChange(e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value)),
            },
          }))}
        />
      );
    }
    case 'choice': {
      const current = list[0] ?? '';
      return (
        <Select
          label={field.label}
          hint={list.length > 1 ? `Actuellement : ${list.join(', ')}. Choisir un type remplace cette liste.` : field.hint}
          state={state}
          stateRelatedMessage={message}
          nativeSelectProps={{ id, 'aria-invalid': message ? true : undefined, value: current, onChange: (e) => onChange(e.target.value ? [e.target.value] : []) }}
        >
          <option value="">Non précisé</option>
          {current && !field.input.options.some((o) => o.value === current) && <option value={current}>{current} (valeur hors de la liste)</option>}
          {field.input.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      );
    }
    case 'textarea': {
      const max = field.input.maxLength;
      const length = [...text].length;
      return (
        <Input
          textArea
          label={label}
          hintText={
            <>
              {field.hint}
              {max !== undefined && (
                <span className={fr.cx('fr-hint-text', length > max ? 'fr-error-text' : undefined)}>
                  {' '}
                  {length} caractère{length > 1 ? 's' : ''} sur {max}
                </span>
              )}
            </>
          }
          state={state}
          stateRelatedMessage={message}
          nativeTextAreaProps={{ id, 'aria-invalid': message ? true : undefined, value: text, rows: max ? 3 : 6, onChange: (e) => onChange(e.target.value) }}
        />
      );
    }
    case 'lines':
      return (
        <Input
          textArea
          label={label}
          hintText={field.hint}
          state={state}
          stateRelatedMessage={message}
          nativeTextAreaProps={{ id, 'aria-invalid': message ? true : undefined, value: text, rows: 2, spellCheck: false, onChange: (e) => onChange(e.target.value) }}
        />
      );
    default: {
      const kind = field.input.kind;
      return (
        <Input
          label={label}
          hintText={field.hint}
          state={state}
          stateRelatedMessage={message}
          nativeInputProps={{
            id,
            'aria-invalid': message ? true : undefined,
            value: text,
            type: kind === 'tel' ? 'tel' : kind === 'url' ? 'url' : 'text',
            'aria-required': kind === 'text' && field.input.required ? true : undefined,
            onChange: (e) => onChange(e.target.value),
          }}
        />
      );
    }
  }
}
