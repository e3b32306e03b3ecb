import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formField, valueInWords, type Choice, type ConflictAnalysis } from './lieuForm';
import { frenchList } from './timetable';

interface Props {
  analysis: ConflictAnalysis;
  level: 2 | 3;
  busy: boolean;
  onResolve: (choices: Record<string, Choice>) => void;
  onCancel: () => void;
}

const labelOf = (field: string) => formField(field)?.label ?? field;

/**
 * After a save over a newer version: both versions side by side, only for the fields both changed differently; the
 * person chooses field by field (or all at once), then saves against the version saved meanwhile.
 */
export function ConflictScreen({ analysis, level, busy, onResolve, onCancel }: Props) {
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const Heading = level === 2 ? 'h2' : 'h3';

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const choose = (field: string, choice: Choice) => {
    setChoices((c) => ({ ...c, [field]: choice }));
    setMissing((m) => m.filter((f) => f !== field));
  };
  const chooseAll = (choice: Choice) => {
    setChoices(Object.fromEntries(analysis.conflicts.map((c) => [c.field, choice])));
    setMissing([]);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const unchosen = analysis.conflicts.filter((c) => !choices[c.field]).map((c) => c.field);
    if (unchosen.length > 0) {
      setMissing(unchosen);
      document.getElementById(`choix-${unchosen[0]}-mine`)?.focus();
      return;
    }
    onResolve(choices);
  }

  const kept = Object.keys(analysis.kept).map(labelOf);
  const theirsOnly = analysis.theirsOnly.map(labelOf);

  return (
    <section className={`${fr.cx('fr-mb-6w')} maillage-conflict`} aria-labelledby="conflit-titre">
      <Heading id="conflit-titre" ref={headingRef} tabIndex={-1} className={fr.cx('fr-h4')}>
        Ce lieu a été modifié pendant que vous le mettiez à jour
      </Heading>
      <p>
        Quelqu’un a enregistré une autre version de ce lieu depuis que vous avez ouvert ce formulaire. Pour chaque information ci-dessous,
        choisissez celle à garder. Rien n’est enregistré tant que vous n’avez pas validé vos choix.
      </p>
      {kept.length > 0 && <p>Vos autres modifications ({frenchList(kept)}) seront enregistrées telles quelles.</p>}
      {theirsOnly.length > 0 && <p>Modifié entre-temps, et que vous n’aviez pas changé : {frenchList(theirsOnly)}. Ces informations restent comme elles ont été enregistrées.</p>}

      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--sm')}>
        <li>
          <Button priority="secondary" onClick={() => chooseAll('mine')}>
            Tout garder de ma saisie
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={() => chooseAll('theirs')}>
            Tout prendre de la version enregistrée
          </Button>
        </li>
      </ul>

      <form onSubmit={submit} noValidate aria-labelledby="conflit-titre">
        {analysis.conflicts.map((conflict) => {
          const name = `choix-${conflict.field}`;
          const isMissing = missing.includes(conflict.field);
          return (
            <fieldset
              key={conflict.field}
              className={fr.cx('fr-fieldset', isMissing ? 'fr-fieldset--error' : undefined)}
              aria-labelledby={`${name}-legende`}
              aria-describedby={isMissing ? `${name}-erreur` : undefined}
            >
              <legend id={`${name}-legende`} className={fr.cx('fr-fieldset__legend', 'fr-text--bold')}>
                {labelOf(conflict.field)}
              </legend>
              <div className={fr.cx('fr-fieldset__element')}>
                <div className="maillage-conflict__choices">
                  {(
                    [
                      ['mine', 'Votre saisie', conflict.mine],
                      ['theirs', 'Version enregistrée entre-temps', conflict.theirs],
                    ] as const
                  ).map(([choice, title, value]) => (
                    <div key={choice} className="maillage-conflict__choice">
                      <div className={fr.cx('fr-radio-group')}>
                        <input
                          type="radio"
                          id={`${name}-${choice}`}
                          name={name}
                          value={choice}
                          checked={choices[conflict.field] === choice}
                          onChange={() => choose(conflict.field, choice)}
                        />
                        <label className={fr.cx('fr-label')} htmlFor={`${name}-${choice}`}>
                          {title}
                          <span className={fr.cx('fr-hint-text') + ' maillage-break'}>{valueInWords(conflict.field, value)}</span>
                        </label>
                      </div>
                    </div>
                  ))}
                </div>
              </div>
              {isMissing && (
                <div className={fr.cx('fr-messages-group')}>
                  <p id={`${name}-erreur`} className={fr.cx('fr-message', 'fr-message--error')}>
                    Choisissez la version à garder.
                  </p>
                </div>
              )}
            </fieldset>
          );
        })}
        <div className="maillage-form-actions">
          <Button type="submit" disabled={busy}>
            {busy ? 'Enregistrement…' : 'Enregistrer avec ces choix'}
          </Button>
          <Button type="button" priority="tertiary" onClick={onCancel}>
            Revenir à mon formulaire
          </Button>
        </div>
      </form>
    </section>
  );
}
