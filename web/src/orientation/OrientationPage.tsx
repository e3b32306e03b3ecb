import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Form, Link, useNavigate, useSearchParams } from 'react-router';
import { Page } from '../platform/Page';
import { Geolocate } from './Geolocate';
import {
  answersOf,
  formatDayLabel,
  MODALITES,
  MOMENTS,
  NEEDS,
  nextDays,
  placeLabel,
  PRISES_EN_CHARGE,
  PUBLICS,
  radiusOf,
  RADII,
  stepIndex,
  STEPS,
  withAnswers,
  type StepKey,
} from './model';
import { MatchCount } from './useCount';
import './orientation.css';

/** Hidden fields carrying every answer except those this step asks. */
function Carried({ params, except }: { params: URLSearchParams; except: string[] }) {
  return (
    <>
      {answersOf(params, except).map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

function StepActions({ params, step, children }: { params: URLSearchParams; step: number; children?: ReactNode }) {
  const previous = step > 0 ? STEPS[step - 1]! : null;
  const back = previous ? withAnswers(params) : null;
  if (back && previous) back.set('etape', previous.key);
  return (
    <div className="maillage-step-actions">
      <Button type="submit" iconId="fr-icon-arrow-right-line" iconPosition="right" size="large">
        {step === STEPS.length - 1 ? 'Voir les lieux' : 'Continuer'}
      </Button>
      {back && (
        <Link className={fr.cx('fr-link', 'fr-icon-arrow-left-line', 'fr-link--icon-left')} to={`/orientation?${back.toString()}`}>
          Revenir à l'étape précédente
        </Link>
      )}
      {children}
    </div>
  );
}

/** The 4 questions, one page each; every answer is kept in the address, so the back button goes to the previous one. */
export function OrientationPage() {
  const [params] = useSearchParams();
  const step = stepIndex(params.get('etape'));
  const current = STEPS[step]!;
  const next = STEPS[step + 1];

  return (
    <Page title="Trouver de l'aide avec le numérique" narrow>
      <Stepper currentStep={step + 1} stepCount={STEPS.length} title={current.title} nextTitle={next?.title} />
      <MatchCount params={params} />
      {current.key === 'besoin' && <BesoinStep params={params} />}
      {current.key === 'disponibilite' && <DisponibiliteStep params={params} />}
      {current.key === 'localisation' && <LocalisationStep params={params} />}
      {current.key === 'accessibilite' && <AccessibiliteStep params={params} />}
    </Page>
  );
}

function nextStepAction(step: StepKey): string {
  return step === 'accessibilite' ? '/orientation/resultats' : '/orientation';
}

function BesoinStep({ params }: { params: URLSearchParams }) {
  const [error, setError] = useState<string | undefined>();
  function check(event: FormEvent<HTMLFormElement>) {
    if (!new FormData(event.currentTarget).get('besoin')) {
      event.preventDefault();
      setError('Choisissez une réponse. Si vous ne savez pas, choisissez la dernière.');
      event.currentTarget.querySelector<HTMLInputElement>('input[name="besoin"]')?.focus();
    }
  }
  return (
    <Form method="get" action={nextStepAction('besoin')} onSubmit={check} noValidate className="maillage-choices">
      <Carried params={params} except={['besoin']} />
      <input type="hidden" name="etape" value="disponibilite" />
      <RadioButtons
        legend="De quoi avez-vous besoin ?"
        hintText="Une seule réponse."
        state={error ? 'error' : 'default'}
        stateRelatedMessage={error}
        options={NEEDS.map((n) => ({
          label: n.label,
          hintText: n.hint,
          nativeInputProps: { name: 'besoin', value: n.key, defaultChecked: params.get('besoin') === n.key },
        }))}
      />
      <StepActions params={params} step={0} />
    </Form>
  );
}

function DisponibiliteStep({ params }: { params: URLSearchParams }) {
  const [quand, setQuand] = useState(params.get('quand') ?? 'peu-importe');
  const days = nextDays();
  const jour = params.get('jour');
  if (jour && /^\d{4}-\d{2}-\d{2}$/.test(jour) && !days.includes(jour)) days.unshift(jour);
  return (
    <Form method="get" action={nextStepAction('disponibilite')} className="maillage-choices">
      <Carried params={params} except={['quand', 'jour', 'moment']} />
      <input type="hidden" name="etape" value="localisation" />
      <RadioButtons
        legend="Quand pouvez-vous y aller ?"
        options={[
          { label: 'Maintenant', hintText: 'Seulement les lieux ouverts en ce moment.', value: 'maintenant' },
          { label: 'Un jour et un moment précis', hintText: 'Vous choisirez le jour et le moment.', value: 'creneau' },
          { label: "Peu importe", hintText: 'Tous les lieux, ouverts ou non.', value: 'peu-importe' },
        ].map((o) => ({
          label: o.label,
          hintText: o.hintText,
          nativeInputProps: { name: 'quand', value: o.value, checked: quand === o.value, onChange: () => setQuand(o.value) },
        }))}
      />
      {quand === 'creneau' && (
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Le jour et le moment</legend>
          <div className={fr.cx('fr-fieldset__element')}>
            <Select label="Quel jour ?" nativeSelectProps={{ name: 'jour', defaultValue: jour ?? days[0] }}>
              {days.map((d, i) => (
                <option key={d} value={d}>
                  {i === 0 && d === nextDays()[0] ? `Aujourd'hui (${formatDayLabel(d)})` : formatDayLabel(d)}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-fieldset__element')}>
            <Select label="À quel moment ?" nativeSelectProps={{ name: 'moment', defaultValue: params.get('moment') ?? 'matin' }}>
              {MOMENTS.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </Select>
          </div>
        </fieldset>
      )}
      <StepActions params={params} step={1} />
    </Form>
  );
}

function LocalisationStep({ params }: { params: URLSearchParams }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const commune = params.get('commune');
  const communeNom = params.get('commune_nom') ?? '';
  const hasPoint = !commune && !!params.get('lat') && !!params.get('lon');

  function check(event: FormEvent<HTMLFormElement>) {
    const data = new FormData(event.currentTarget);
    const q = String(data.get('q') ?? '').trim();
    const rayon = String(data.get('rayon') ?? '');
    // Place already known and unchanged: straight to the last step.
    if ((commune && q === communeNom) || (hasPoint && q === '')) {
      event.preventDefault();
      const next = withAnswers(params, { rayon });
      next.set('etape', 'accessibilite');
      void navigate(`/orientation?${next.toString()}`);
      return;
    }
    if (q.length < 2) {
      event.preventDefault();
      setError('Tapez le nom de votre commune ou son code postal (au moins 2 caractères), ou utilisez « Me géolocaliser ».');
      event.currentTarget.querySelector<HTMLInputElement>('input[name="q"]')?.focus();
    }
  }

  return (
    <>
      <Form method="get" action="/orientation/commune" onSubmit={check} noValidate>
        <Carried params={params} except={['rayon']} />
        <input type="hidden" name="suite" value="accessibilite" />
        {hasPoint && <p>Vous avez choisi votre position actuelle. Vous pouvez aussi taper une commune.</p>}
        <Input
          label="Votre commune"
          hintText="Le nom ou le code postal, par exemple : Poitiers ou 86000"
          state={error ? 'error' : 'default'}
          stateRelatedMessage={error}
          nativeInputProps={{
            id: 'etape-commune',
            name: 'q',
            type: 'text',
            defaultValue: communeNom,
            autoComplete: 'address-level2',
            'aria-invalid': error ? true : undefined,
          }}
        />
        <Select
          label="Jusqu'à quelle distance ?"
          hint="À vol d'oiseau. Par défaut : 30 km."
          nativeSelectProps={{ id: 'etape-rayon', name: 'rayon', defaultValue: String(radiusOf(params)) }}
        >
          {RADII.map((r) => (
            <option key={r} value={r}>
              {r} km
            </option>
          ))}
        </Select>
        <StepActions params={params} step={2} />
      </Form>
      <Geolocate
        onPosition={(lat, lon) => {
          const next = withAnswers(params, { lat, lon, commune: null, commune_nom: null });
          next.set('etape', 'accessibilite');
          void navigate(`/orientation?${next.toString()}`);
        }}
      />
      {(commune || hasPoint) && <p className={fr.cx('fr-text--sm')}>Recherche actuelle : autour de {placeLabel(params)}.</p>}
    </>
  );
}

function AccessibiliteStep({ params }: { params: URLSearchParams }) {
  const group = (legend: string, hint: string, name: string, items: Array<{ value: string; label: string }>) => (
    <Checkbox
      legend={legend}
      hintText={hint}
      options={items.map((i) => ({
        label: i.label,
        nativeInputProps: { name, value: i.value, defaultChecked: params.getAll(name).includes(i.value) },
      }))}
    />
  );
  return (
    <Form method="get" action={nextStepAction('accessibilite')} className="maillage-choices">
      <Carried params={params} except={['publics', 'prise_en_charge', 'modalites']} />
      <p>Toutes ces questions sont facultatives. Ne cochez rien si rien ne vous concerne.</p>
      {group('Avez-vous besoin d’un accueil adapté ?', 'Les lieux qui savent accompagner toutes les situations cochées.', 'prise_en_charge', PRISES_EN_CHARGE)}
      {group('Cherchez-vous un lieu pour un public précis ?', 'Les lieux qui accueillent spécialement ces personnes.', 'publics', PUBLICS)}
      {group('Comment voulez-vous prendre contact ?', 'Les lieux qui proposent toutes les façons cochées.', 'modalites', MODALITES)}
      <StepActions params={params} step={3} />
    </Form>
  );
}
