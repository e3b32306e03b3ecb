import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { HttpProblem } from './problem';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  champ?: string;
  erreurs?: Array<{ champ: string; message: string }>;
}

function send(reply: FastifyReply, request: FastifyRequest, p: HttpProblem) {
  const body: ProblemBody = {
    type: 'about:blank',
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: request.url.split('?')[0] ?? request.url,
  };
  if (p.champ) body.champ = p.champ;
  if (p.erreurs?.length) body.erreurs = p.erreurs;
  return reply.status(p.status).type(PROBLEM_TYPE).send(body);
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  return send(reply, request, new HttpProblem(404, 'Introuvable', `Aucune ressource à l'adresse ${path}.`));
}

const PARTS: Record<string, string> = { params: 'chemin', querystring: 'paramètre', body: 'corps', headers: 'en-tête' };

/** Every error leaves as application/problem+json with a French message; nothing crashes the process. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return send(reply, request, error);

    if (hasZodFastifySchemaValidationErrors(error)) {
      const erreurs = error.validation.map((v) => {
        const path = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        return { champ: path, message: v.message ?? 'valeur invalide' };
      });
      const first = erreurs[0];
      const where = PARTS[error.validationContext ?? ''] ?? 'champ';
      const detail = first?.champ ? `${where} « ${first.champ} » : ${first.message}` : (first?.message ?? 'Requête invalide');
      return send(reply, request, new HttpProblem(400, 'Requête invalide', detail, first?.champ, erreurs));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return send(reply, request, new HttpProblem(500, 'Erreur interne', 'La réponse du serveur est invalide.'));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, request, new HttpProblem(415, 'Format non pris en charge', "Le format du corps de la requête n'est pas accepté."));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(reply, request, new HttpProblem(400, 'Requête invalide', "Le corps de la requête n'est pas un JSON valide.", 'corps'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, request, new HttpProblem(error.statusCode, 'Requête invalide', 'La requête ne peut pas être traitée.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, new HttpProblem(500, 'Erreur interne', 'Une erreur inattendue est survenue. Réessayez plus tard.'));
  });
}
