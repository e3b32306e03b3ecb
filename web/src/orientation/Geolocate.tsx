import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';

/** Optional: asks the browser for the position. Never required; every failure is explained in words. */
export function Geolocate({ onPosition }: { onPosition: (lat: string, lon: string) => void }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  function locate() {
    if (!('geolocation' in navigator)) {
      setMessage("Votre appareil ne permet pas de vous localiser. Tapez plutôt le nom de votre commune.");
      return;
    }
    setBusy(true);
    setMessage('Recherche de votre position…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setBusy(false);
        setMessage('Position trouvée.');
        // About 100 m: enough to find lieux nearby, without keeping an exact address in the link.
        onPosition(position.coords.latitude.toFixed(3), position.coords.longitude.toFixed(3));
      },
      (error) => {
        setBusy(false);
        setMessage(
          error.code === error.PERMISSION_DENIED
            ? "Vous n'avez pas autorisé la localisation. Ce n'est pas grave : tapez le nom de votre commune."
            : error.code === error.TIMEOUT
              ? "La localisation a pris trop de temps. Réessayez, ou tapez le nom de votre commune."
              : "Votre position n'a pas pu être trouvée. Tapez le nom de votre commune.",
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }

  return (
    <div className="maillage-geolocate">
      <Button type="button" priority="tertiary" iconId="fr-icon-map-pin-2-line" onClick={locate} disabled={busy}>
        Me géolocaliser
      </Button>
      <p role="status" className="fr-text--sm fr-mb-0">
        {message}
      </p>
    </div>
  );
}
