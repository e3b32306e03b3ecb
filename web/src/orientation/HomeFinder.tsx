import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useRef, useState, type FormEvent } from 'react';
import { Form, Link, useNavigate } from 'react-router';
import { Geolocate } from './Geolocate';
import { NEEDS } from './model';
import './orientation.css';

/** The first thing on the home page: a commune, a need, "Chercher". A plain GET form: the answers go in the address. */
export function HomeFinder() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [besoin, setBesoin] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  function check(event: FormEvent<HTMLFormElement>) {
    const q = inputRef.current?.value.trim() ?? '';
    if (q.length < 2) {
      event.preventDefault();
      setError('Tapez le nom de votre commune ou son code postal (au moins 2 caractères).');
      inputRef.current?.focus();
    } else setError(undefined);
  }

  return (
    <section aria-labelledby="trouver-aide-titre" className="maillage-finder fr-mb-6w">
      <h2 id="trouver-aide-titre">Trouver de l'aide avec le numérique près de chez moi</h2>
      <Form method="get" action="/orientation/commune" onSubmit={check} noValidate>
        <input type="hidden" name="suite" value="resultats" />
        <Input
          label="Votre commune"
          hintText="Le nom ou le code postal, par exemple : Poitiers ou 86000"
          state={error ? 'error' : 'default'}
          stateRelatedMessage={error}
          nativeInputProps={{
            id: 'trouver-commune',
            ref: inputRef,
            name: 'q',
            type: 'text',
            autoComplete: 'address-level2',
            'aria-invalid': error ? true : undefined,
          }}
        />
        <Select
          label="De quoi avez-vous besoin ?"
          hint="Choisissez ce qui ressemble le plus à votre besoin."
          nativeSelectProps={{ id: 'trouver-besoin', name: 'besoin', value: besoin, onChange: (e) => setBesoin(e.target.value) }}
        >
          <option value="">Je ne sais pas encore</option>
          {NEEDS.filter((n) => n.key !== 'tout').map((n) => (
            <option key={n.key} value={n.key}>
              {n.label}
              {n.hint ? ` (${n.hint})` : ''}
            </option>
          ))}
        </Select>
        <Button type="submit" iconId="fr-icon-search-line" size="large">
          Chercher
        </Button>
      </Form>
      <Geolocate
        onPosition={(lat, lon) => {
          const q = new URLSearchParams({ lat, lon });
          if (besoin) q.set('besoin', besoin);
          void navigate(`/orientation/resultats?${q.toString()}`);
        }}
      />
      <p className={fr.cx('fr-mt-2w')}>
        <Link to="/orientation">Répondre à 4 questions pour trouver le lieu le mieux adapté</Link>
      </p>
    </section>
  );
}
