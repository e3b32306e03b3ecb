import { useState } from 'react';
import { apiQuery, hasPlace, placeLabel, radiusOf } from './model';
import { useFetched } from '../platform/useFetched';

/** How many lieux match the answers so far (GET /api/v1/orientation/compte); nothing before a place is known. */
export function MatchCount({ params }: { params: URLSearchParams }) {
  const [now] = useState(() => new Date());
  const query = hasPlace(params) ? apiQuery(params, { now }) : '';
  const state = useFetched<{ total: number }>(query ? `/api/v1/orientation/compte?${query}` : null);

  let text = '';
  if (!query) text = 'Le nombre de lieux s’affichera dès que vous aurez indiqué votre commune.';
  else if (state.kind === 'loading') text = 'Calcul du nombre de lieux…';
  else if (state.kind === 'ready') {
    const total = state.data.total;
    const where = `à moins de ${radiusOf(params)} km de ${placeLabel(params)}`;
    text =
      total === 0
        ? `Aucun lieu ne correspond pour l’instant ${where}.`
        : `${total} ${total > 1 ? 'lieux correspondent' : 'lieu correspond'} à vos réponses, ${where}.`;
  } else if (state.kind === 'error') text = 'Le nombre de lieux n’a pas pu être calculé.';
  return (
    <p role="status" className="maillage-count fr-mb-3w">
      {text}
    </p>
  );
}
