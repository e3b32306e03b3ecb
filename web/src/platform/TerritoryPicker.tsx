import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button, type ButtonProps } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorMessage } from './api';
import { choiceValue, KIND_TEXT, offers, territoryLabel, useManagedTerritories, type Offer, type TerritoryChoice, type TerritoryOptions } from './territory';
import { useFetched } from './useFetched';

interface TerritoryPickerProps extends TerritoryOptions {
  /** The territory shown now (useTerritoryChoice); undefined when none is chosen yet. */
  value: TerritoryChoice | undefined;
  /** Called on submit with a territory the referential knows. */
  onChoose: (choice: TerritoryChoice) => void;
  /** The form's accessible name (default « Choisir le territoire »), or the id of a heading naming it. */
  label?: string;
  labelledBy?: string;
  submitLabel?: string;
  submitPriority?: ButtonProps['priority'];
  /** The page's other fields (half the width on large screens), submitted with the territory: read their state in onChoose. */
  children?: ReactNode;
}

/**
 * The territory choice of the back-office pages, as a form: the person's own perimeters, the whole country where the
 * page allows it, or a département, EPCI or commune typed in by its code (checked with /api/v1/territoires before it is
 * used). With a single possible territory and no other field, nothing is shown; with none, a notice says so.
 */
export function TerritoryPicker(props: TerritoryPickerProps) {
  // A new value (another submit, the browser's back button) starts the form again from it.
  return <PickerForm key={props.value ? choiceValue(props.value) : ''} {...props} />;
}

function PickerForm({
  value,
  onChoose,
  label = 'Choisir le territoire',
  labelledBy,
  submitLabel = 'Afficher',
  submitPriority = 'secondary',
  children,
  ...options
}: TerritoryPickerProps) {
  const managed = useManagedTerritories(options.roles);
  const offered = withValue(offers(managed, options), value);
  const initial = offerOf(offered, value);
  const [selected, setSelected] = useState(initial?.value ?? '');
  // A typed territory shown now: its code in the field, its name beside.
  const shown = value !== undefined && value !== 'france' && initial && 'typed' in initial ? value : undefined;
  const [code, setCode] = useState(shown?.code ?? '');
  const [error, setError] = useState<{ on: 'territoire' | 'code'; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const offer = offered.find((o) => o.value === selected);
  const typed = offer && 'typed' in offer ? offer.typed : undefined;
  const named = useFetched<{ nom: string }>(shown ? `/api/v1/territoires/${KIND_TEXT[shown.kind].path}/${encodeURIComponent(shown.code)}` : null);

  if (offered.length === 0) {
    return <Alert severity="info" small className={fr.cx('fr-mb-3w')} description="Votre compte ne gère aucun territoire : cette page n'a rien à vous montrer." />;
  }
  const radios = offered.length > 1 || typed !== undefined;
  // Nothing to choose: the page shows the person's only territory.
  if (!radios && !children) return null;

  const failed = (on: 'territoire' | 'code', message: string) => {
    setError({ on, message });
    if (on === 'code') codeRef.current?.focus();
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!offer) return failed('territoire', 'Choisissez un territoire.');
    if (!('typed' in offer)) return onChoose(offer.choice);
    const kind = offer.typed;
    const typedCode = code.trim().toUpperCase();
    if (!typedCode) return failed('code', `Indiquez le ${KIND_TEXT[kind].code.toLowerCase()}.`);
    setChecking(true);
    try {
      await api(`/api/v1/territoires/${KIND_TEXT[kind].path}/${encodeURIComponent(typedCode)}`);
    } catch (e) {
      setChecking(false);
      return failed('code', errorMessage(e));
    }
    setChecking(false);
    setError(null);
    onChoose({ kind, code: typedCode });
  }

  const codeError = error?.on === 'code' ? error.message : undefined;
  return (
    <>
      <form onSubmit={(e) => void submit(e)} noValidate className={fr.cx('fr-mb-3w')} {...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': label })}>
        {radios && (
          <RadioButtons
            legend="Territoire"
            name="territoire"
            orientation="horizontal"
            state={error?.on === 'territoire' ? 'error' : 'default'}
            stateRelatedMessage={error?.on === 'territoire' ? error.message : undefined}
            options={offered.map((o) => ({
              label: o.label,
              nativeInputProps: {
                value: o.value,
                checked: o.value === selected,
                onChange: () => {
                  setSelected(o.value);
                  setError(null);
                },
              },
            }))}
          />
        )}
        {typed && (
          <HalfWidth>
            <Input
              label={KIND_TEXT[typed].code}
              hintText={`${KIND_TEXT[typed].hint}${named.kind === 'ready' && shown?.kind === typed ? ` Territoire affiché : ${named.data.nom}.` : ''}`}
              state={codeError ? 'error' : 'default'}
              stateRelatedMessage={codeError}
              nativeInputProps={{
                ref: codeRef,
                name: typed,
                value: code,
                onChange: (e) => setCode(e.target.value),
                autoComplete: 'off',
                spellCheck: false,
                'aria-invalid': codeError ? true : undefined,
              }}
            />
          </HalfWidth>
        )}
        {children && <HalfWidth>{children}</HalfWidth>}
        <Button type="submit" priority={submitPriority} disabled={checking}>
          {checking ? 'Vérification du territoire…' : submitLabel}
        </Button>
      </form>
      {value === undefined && <Alert severity="info" small className={fr.cx('fr-mb-3w')} description={`Choisissez un territoire, puis « ${submitLabel} ».`} />}
    </>
  );
}

function HalfWidth({ children }: { children: ReactNode }) {
  return (
    <div className={fr.cx('fr-grid-row', 'fr-mb-3w')}>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>{children}</div>
    </div>
  );
}

/** The offer matching the value: its own territory or the whole country, else the level to type it in. */
function offerOf(offered: Offer[], value: TerritoryChoice | undefined): Offer | undefined {
  if (value === undefined) return offered[0];
  const key = choiceValue(value);
  return offered.find((o) => o.value === key) ?? offered.find((o) => value !== 'france' && 'typed' in o && o.typed === value.kind);
}

/** A territory shown (from the URL) that no offer matches stays selectable, so the form says what the page shows. */
function withValue(offered: Offer[], value: TerritoryChoice | undefined): Offer[] {
  if (value === undefined || offerOf(offered, value)) return offered;
  return [{ value: choiceValue(value), label: territoryLabel(value), choice: value }, ...offered];
}
