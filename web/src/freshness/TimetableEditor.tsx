import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState } from 'react';
import {
  DAYS,
  describeTimetable,
  emptyTimetable,
  frenchDate,
  frenchTime,
  readOpeningHours,
  timetableProblems,
  writeOpeningHours,
  type OsmDay,
  type Timetable,
  type TimetableProblem,
  type TimeRange,
} from './timetable';

/** Where a range's inputs live: the error summary links there. */
export const rangeInputId = (id: string, day: OsmDay, index: number) => `${id}-${day}-${index}-ouverture`;

interface Props {
  /** Id of the editor's wrapper (focus target of the error summary), prefix of its inputs. */
  id: string;
  /** The `opening_hours` value at the start (the editor is re-created, with a new `key`, to start again). */
  initial: string | null;
  /** Called on every change: the value to save (null = no hours) and the ranges that cannot be saved yet. */
  onChange: (value: string | null, problems: TimetableProblem[]) => void;
  /** The server's message about the field, if any. */
  error?: string | undefined;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const pad = (n: number) => String(n).padStart(2, '0');

/** A new range after the day's last one (9 h–12 h on an empty day, else 2 h after the last closing, for 3 h). */
function nextRange(ranges: readonly TimeRange[]): TimeRange {
  const last = ranges[ranges.length - 1];
  if (!last) return { start: '09:00', end: '12:00' };
  if (!/^\d{2}:\d{2}$/.test(last.end)) return { start: '', end: '' };
  const start = toMinutes(last.end) + 120;
  const end = start + 180;
  if (end >= 24 * 60) return { start: '', end: '' };
  return { start: `${pad(Math.floor(start / 60))}:${pad(start % 60)}`, end: `${pad(Math.floor(end / 60))}:${pad(end % 60)}` };
}

/**
 * The week's hours as a table a structure can fill in with the keyboard: each day closed or with its ranges (breaks
 * are two ranges), then public holidays and exceptional closures; the result in words underneath. A value the table
 * cannot show is kept as it is, in a text field (validated by the server).
 */
export function TimetableEditor({ id, initial, onChange, error }: Props) {
  const [read] = useState(() => readOpeningHours(initial));
  const [mode, setMode] = useState<'table' | 'text'>(read.kind === 'table' ? 'table' : 'text');
  const [timetable, setTimetable] = useState<Timetable>(read.kind === 'table' ? read.timetable : emptyTimetable());
  const [text, setText] = useState(read.kind === 'complex' ? read.value : '');
  const [closedDate, setClosedDate] = useState('');
  const focusTarget = useRef<string | null>(null);

  // After adding or removing a range, the focus goes somewhere useful (never lost on a removed button).
  useEffect(() => {
    if (!focusTarget.current) return;
    document.getElementById(focusTarget.current)?.focus();
    focusTarget.current = null;
  });

  function update(next: Timetable) {
    setTimetable(next);
    onChange(writeOpeningHours(next), timetableProblems(next));
  }
  const setDay = (day: OsmDay, ranges: TimeRange[]) => update({ ...timetable, week: { ...timetable.week, [day]: ranges } });

  const problems = mode === 'table' ? timetableProblems(timetable) : [];
  const problemOf = (day: OsmDay, index: number) => problems.find((p) => p.day === day && p.index === index)?.message;

  if (mode === 'text') {
    return (
      <div id={id} tabIndex={-1} className="maillage-timetable">
        <Alert
          severity="info"
          small
          className={fr.cx('fr-mb-2w')}
          description="Ces horaires sont trop détaillés pour le tableau (semaines différentes, horaires sur rendez-vous…). Ils sont conservés tels quels. Vous pouvez les corriger ci-dessous, au format OpenStreetMap, ou les remplacer en remplissant le tableau."
        />
        <Input
          textArea
          label="Horaires au format OpenStreetMap"
          hintText="Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
          state={error ? 'error' : 'default'}
          stateRelatedMessage={error}
          nativeTextAreaProps={{
            id: `${id}-texte`,
            value: text,
            rows: 3,
            spellCheck: false,
            onChange: (e) => {
              setText(e.target.value);
              onChange(e.target.value.trim() === '' ? null : e.target.value, []);
            },
          }}
        />
        <Button
          type="button"
          priority="secondary"
          size="small"
          onClick={() => {
            setMode('table');
            focusTarget.current = `${id}-Mo-ajouter`;
            update(emptyTimetable());
          }}
        >
          Remplir le tableau à la place
        </Button>
      </div>
    );
  }

  const written = writeOpeningHours(timetable);
  return (
    <div id={id} tabIndex={-1} className="maillage-timetable">
      <p className={fr.cx('fr-hint-text', 'fr-mb-2w')}>
        Pour chaque jour, ajoutez une plage par période d’ouverture : avec une pause à midi, deux plages (par exemple 9 h – 12 h puis 14 h – 17 h).
        Un jour sans plage est un jour de fermeture.
      </p>
      <ul className="maillage-timetable__days">
        {DAYS.map(({ osm, name }) => {
          const ranges = timetable.week[osm];
          return (
            <li key={osm}>
              <fieldset className="maillage-timetable__day" aria-describedby={`${id}-${osm}-etat`}>
                <legend className={fr.cx('fr-text--bold')}>{capitalise(name)}</legend>
                <p id={`${id}-${osm}-etat`} className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
                  {ranges.length === 0 ? 'Fermé' : `${ranges.length} plage${ranges.length > 1 ? 's' : ''}`}
                </p>
                {ranges.map((range, index) => {
                  const problem = problemOf(osm, index);
                  const context = `${name}, plage ${index + 1}`;
                  const describedBy = problem ? `${id}-${osm}-${index}-erreur` : undefined;
                  const change = (part: 'start' | 'end', value: string) => setDay(osm, ranges.map((r, i) => (i === index ? { ...r, [part]: value } : r)));
                  return (
                    <div key={index} className="maillage-timetable__range" role="group" aria-label={capitalise(context)}>
                      <div className={fr.cx('fr-input-group', problem ? 'fr-input-group--error' : undefined)}>
                        <label className={fr.cx('fr-label')} htmlFor={rangeInputId(id, osm, index)}>
                          Ouverture<span className={fr.cx('fr-sr-only')}> ({context})</span>
                        </label>
                        <input
                          className={fr.cx('fr-input')}
                          type="time"
                          id={rangeInputId(id, osm, index)}
                          value={range.start}
                          aria-invalid={problem ? true : undefined}
                          aria-describedby={describedBy}
                          onChange={(e) => change('start', e.target.value)}
                        />
                      </div>
                      <div className={fr.cx('fr-input-group', problem ? 'fr-input-group--error' : undefined)}>
                        <label className={fr.cx('fr-label')} htmlFor={`${id}-${osm}-${index}-fermeture`}>
                          Fermeture<span className={fr.cx('fr-sr-only')}> ({context})</span>
                        </label>
                        <input
                          className={fr.cx('fr-input')}
                          type="time"
                          id={`${id}-${osm}-${index}-fermeture`}
                          value={range.end}
                          aria-invalid={problem ? true : undefined}
                          aria-describedby={describedBy}
                          onChange={(e) => change('end', e.target.value)}
                        />
                      </div>
                      <Button
                        type="button"
                        priority="tertiary"
                        size="small"
                        iconId="fr-icon-delete-line"
                        className="maillage-timetable__remove"
                        onClick={() => {
                          focusTarget.current = index > 0 ? `${id}-${osm}-${index - 1}-supprimer` : `${id}-${osm}-ajouter`;
                          setDay(osm, ranges.filter((_, i) => i !== index));
                        }}
                        nativeButtonProps={{ id: `${id}-${osm}-${index}-supprimer` }}
                      >
                        Supprimer<span className={fr.cx('fr-sr-only')}> la plage {range.start ? `de ${frenchTime(range.start)}` : index + 1} du {name}</span>
                      </Button>
                      {problem && (
                        <p id={describedBy} className={`${fr.cx('fr-error-text')} maillage-timetable__error`}>
                          {problem}
                        </p>
                      )}
                    </div>
                  );
                })}
                <Button
                  type="button"
                  priority="secondary"
                  size="small"
                  iconId="fr-icon-add-line"
                  onClick={() => {
                    focusTarget.current = rangeInputId(id, osm, ranges.length);
                    setDay(osm, [...ranges, nextRange(ranges)]);
                  }}
                  nativeButtonProps={{ id: `${id}-${osm}-ajouter` }}
                >
                  Ajouter une plage<span className={fr.cx('fr-sr-only')}> le {name}</span>
                </Button>
                {osm === 'Mo' && ranges.length > 0 && (
                  <Button
                    type="button"
                    priority="tertiary"
                    size="small"
                    className={fr.cx('fr-ml-md-1w')}
                    onClick={() => {
                      const copy = () => ranges.map((r) => ({ ...r }));
                      update({ ...timetable, week: { ...timetable.week, Tu: copy(), We: copy(), Th: copy(), Fr: copy() } });
                    }}
                  >
                    Mêmes horaires du mardi au vendredi
                  </Button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ul>

      <fieldset className={fr.cx('fr-fieldset', 'fr-mt-3w')} aria-labelledby={`${id}-exceptions`}>
        <legend id={`${id}-exceptions`} className={fr.cx('fr-fieldset__legend', 'fr-text--bold')}>
          Jours fériés et fermetures exceptionnelles
        </legend>
        <div className={fr.cx('fr-fieldset__element')}>
          <Checkbox
            id={`${id}-feries`}
            options={[
              {
                label: 'Fermé les jours fériés',
                nativeInputProps: {
                  checked: timetable.publicHolidaysClosed,
                  onChange: (e) => update({ ...timetable, publicHolidaysClosed: e.target.checked }),
                },
              },
            ]}
          />
        </div>
        <div className={fr.cx('fr-fieldset__element')}>
          {timetable.closedDates.length > 0 && (
            <ul className={fr.cx('fr-mb-2w')} aria-label="Fermetures exceptionnelles">
              {timetable.closedDates.map((date) => (
                <li key={date}>
                  Fermé le {frenchDate(date)}{' '}
                  <Button
                    type="button"
                    priority="tertiary no outline"
                    size="small"
                    onClick={() => {
                      focusTarget.current = `${id}-date`;
                      update({ ...timetable, closedDates: timetable.closedDates.filter((d) => d !== date) });
                    }}
                  >
                    Retirer<span className={fr.cx('fr-sr-only')}> la fermeture du {frenchDate(date)}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="maillage-timetable__add-date">
            <Input
              label="Fermeture exceptionnelle le"
              hintText="Un jour où le lieu sera fermé (congés, travaux…)."
              nativeInputProps={{ id: `${id}-date`, type: 'date', value: closedDate, onChange: (e) => setClosedDate(e.target.value) }}
            />
            <Button
              type="button"
              priority="secondary"
              size="small"
              disabled={!/^\d{4}-\d{2}-\d{2}$/.test(closedDate)}
              onClick={() => {
                update({ ...timetable, closedDates: [...new Set([...timetable.closedDates, closedDate])].sort() });
                setClosedDate('');
              }}
            >
              Ajouter cette date
            </Button>
          </div>
        </div>
      </fieldset>

      <div className={fr.cx('fr-callout', 'fr-mt-2w')} id={`${id}-resume`}>
        <p className={fr.cx('fr-callout__title', 'fr-h6')}>Ce que verront les habitants</p>
        <ul className={fr.cx('fr-callout__text', 'fr-text--md')}>
          {describeTimetable(timetable).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {written && (
          <p className={`${fr.cx('fr-text--xs', 'fr-mb-0')} maillage-break`}>
            Format OpenStreetMap : <code>{written}</code>
          </p>
        )}
      </div>
      {error && (
        <p className={fr.cx('fr-error-text')} id={`${id}-erreur`}>
          {error}
        </p>
      )}
    </div>
  );
}
