import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_RADIUS, RADII } from '../orientation/model';
import { Page } from '../platform/Page';
import {
  FRAME_TITLE,
  iframeSnippet,
  MAX_TITLE_LENGTH,
  scriptSnippet,
  TERRITORY_HELP,
  territoryOf,
  WIDGET_SERVICES,
  widgetQuery,
  type WidgetSettings,
} from './config';
import './widget.css';

/** The same value, once it has stopped changing for `ms` (the preview reloads once, not at each key). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** "Copier le code": the clipboard when the browser allows it, otherwise the code is selected for Ctrl+C. */
function CopyButton({ code, what }: { code: string; what: string }) {
  const [status, setStatus] = useState('');
  const codeRef = useRef<HTMLElement>(null);

  function selectCode(): boolean {
    const el = codeRef.current;
    const selection = window.getSelection();
    if (!el || !selection) return false;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      // Older browsers, and pages served without HTTPS, have no navigator.clipboard.
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }

  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('pas de presse-papiers');
      await navigator.clipboard.writeText(code);
      setStatus('Code copié. Collez-le dans la page de votre site.');
    } catch {
      setStatus(
        selectCode()
          ? 'Code copié. Collez-le dans la page de votre site.'
          : 'Le code est sélectionné : copiez-le avec Ctrl+C (ou Cmd+C sur Mac), puis collez-le dans la page de votre site.',
      );
    }
  }

  return (
    <>
      <pre className="maillage-snippet">
        <code ref={codeRef}>{code}</code>
      </pre>
      <div className="maillage-copy">
        <Button type="button" priority="secondary" onClick={() => void copy()}>
          Copier le code<span className={fr.cx('fr-sr-only')}> {what}</span>
        </Button>
        <p role="status" className={fr.cx('fr-mb-0')}>
          {status}
        </p>
      </div>
    </>
  );
}

/** Public page: set the widget up, see it, copy its code (docs/widget.md). */
export function IntegrerPage() {
  const origin = window.location.origin;
  const [territoire, setTerritoire] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [titre, setTitre] = useState('');
  const [rayon, setRayon] = useState<number>(DEFAULT_RADIUS);
  const territoryOk = territoryOf(territoire) !== null;
  const settings: WidgetSettings = { territoire: territoryOk ? territoire : '', services, titre: titre.slice(0, MAX_TITLE_LENGTH), rayon };

  const query = useSettled(widgetQuery(settings), 500);
  const previewRef = useRef<HTMLIFrameElement>(null);
  const [previewHeight, setPreviewHeight] = useState(480);
  useEffect(() => {
    function onMessage(event: MessageEvent) {
      const data = event.data as { type?: unknown; hauteur?: unknown } | null;
      if (event.origin !== window.location.origin || event.source !== previewRef.current?.contentWindow) return;
      if (data?.type !== 'maillage-widget-hauteur' || typeof data.hauteur !== 'number') return;
      if (data.hauteur > 0 && data.hauteur < 20_000) setPreviewHeight(Math.ceil(data.hauteur));
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const script = scriptSnippet(origin, settings);
  const iframe = iframeSnippet(origin, settings);

  return (
    <Page
      title="Intégrer la recherche sur votre site"
      lead="Commune, CCAS, France Services, association : affichez sur votre site la recherche des lieux d'aide au numérique près de chez soi."
      narrow
    >
      <p>
        Les habitants tapent leur commune, choisissent leur besoin et voient les 5 lieux les plus proches : adresse,
        distance, ouvert ou non, téléphone. Chaque lieu renvoie à sa page sur Maillage, qui s'ouvre dans une nouvelle
        fenêtre. Le module est gratuit, ne dépose aucun cookie et ne suit pas les visiteurs.
      </p>

      <h2 className={fr.cx('fr-mt-4w')}>1. Réglez le module</h2>
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <Input
          label="Territoire (facultatif)"
          hintText={`Pour proposer d'abord les communes de votre territoire : ${TERRITORY_HELP}. Avec une commune, elle est déjà choisie.`}
          state={territoryOk ? 'default' : 'error'}
          stateRelatedMessage={territoryOk ? undefined : `Code non reconnu : tapez ${TERRITORY_HELP}, ou laissez vide.`}
          nativeInputProps={{
            id: 'integrer-territoire',
            name: 'territoire',
            value: territoire,
            onChange: (e) => setTerritoire(e.target.value),
            autoComplete: 'off',
            spellCheck: false,
            'aria-invalid': territoryOk ? undefined : true,
          }}
        />
        <Checkbox
          legend="Aides proposées (facultatif)"
          hintText="Sans choix, toutes les aides sont proposées. Entre parenthèses : le nom du service dans le standard national."
          options={WIDGET_SERVICES.map((s) => ({
            label: s.label,
            hintText: s.value,
            nativeInputProps: {
              name: 'services',
              value: s.value,
              checked: services.includes(s.value),
              onChange: (e) => {
                const { checked } = e.target;
                setServices((current) => (checked ? WIDGET_SERVICES.map((w) => w.value).filter((v) => v === s.value || current.includes(v)) : current.filter((v) => v !== s.value)));
              },
            },
          }))}
        />
        <Input
          label="Titre (facultatif)"
          hintText="Par défaut : « Trouver de l'aide avec le numérique près de chez moi »"
          nativeInputProps={{ id: 'integrer-titre', name: 'titre', value: titre, maxLength: MAX_TITLE_LENGTH, onChange: (e) => setTitre(e.target.value) }}
        />
        <Select
          label="Distance maximale"
          nativeSelectProps={{ id: 'integrer-rayon', name: 'rayon', value: String(rayon), onChange: (e) => setRayon(Number(e.target.value)) }}
        >
          {RADII.map((r) => (
            <option key={r} value={r}>
              {r} km{r === DEFAULT_RADIUS ? ' (conseillé)' : ''}
            </option>
          ))}
        </Select>
      </form>

      <h2 className={fr.cx('fr-mt-4w')}>2. Vérifiez l'aperçu</h2>
      <p>Le module tel qu'il s'affichera sur votre site. Vous pouvez l'essayer.</p>
      <iframe
        ref={previewRef}
        className="maillage-preview"
        src={`/widget${query ? `?${query}` : ''}`}
        title={`Aperçu : ${FRAME_TITLE}`}
        style={{ height: `${previewHeight}px` }}
      />

      <h2 className={fr.cx('fr-mt-4w')}>3. Copiez le code dans votre page</h2>
      <h3 className={fr.cx('fr-h5')}>Avec une balise script (conseillé)</h3>
      <p>
        Collez cette ligne à l'endroit de la page où le module doit apparaître. Sa hauteur s'adapte alors à son contenu.
      </p>
      <CopyButton key={`script-${script}`} code={script} what="de la balise script" />

      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Avec une iframe seule</h3>
      <p>
        Si votre site n'accepte pas les scripts, collez cette iframe. Sa hauteur est fixe : ajustez la valeur{' '}
        <code>height</code> si besoin.
      </p>
      <CopyButton key={`iframe-${iframe}`} code={iframe} what="de l'iframe" />

      <h2 className={fr.cx('fr-mt-4w')}>Sécurité et données personnelles</h2>
      <ul>
        <li>Le module n'envoie à Maillage que la recherche : la commune et l'aide choisies. Pas de cookie, pas de mesure d'audience.</li>
        <li>Il s'affiche dans un cadre isolé : il ne peut ni lire ni modifier votre page, et votre page ne peut pas lire ce qu'y tape l'habitant.</li>
        <li>Les autres pages de Maillage refusent d'être affichées dans le cadre d'un autre site.</li>
      </ul>
    </Page>
  );
}
