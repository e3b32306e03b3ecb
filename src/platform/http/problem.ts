/** An HTTP error with a French message and, when it applies, the field at fault (RFC 9457 problem details). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly champ?: string,
    readonly erreurs?: Array<{ champ: string; message: string }>,
  ) {
    super(detail);
  }
}

export const problem = {
  badRequest: (detail: string, champ?: string) => new HttpProblem(400, 'Requête invalide', detail, champ),
  unauthorized: (detail = 'Vous devez être connecté pour accéder à cette ressource.') =>
    new HttpProblem(401, 'Authentification requise', detail),
  forbidden: (detail = "Vous n'avez pas les droits nécessaires pour cette action.", champ?: string) =>
    new HttpProblem(403, 'Accès refusé', detail, champ),
  notFound: (detail: string, champ?: string) => new HttpProblem(404, 'Introuvable', detail, champ),
  conflict: (detail: string, champ?: string) => new HttpProblem(409, 'Conflit', detail, champ),
  tooManyRequests: (detail: string) => new HttpProblem(429, 'Trop de demandes', detail),
};
