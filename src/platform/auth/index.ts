export { authModule, createAuthModule, type AuthModuleOptions } from './routes';
export { devOutboxModule } from '../mail/outbox';
export { registerUserCommands } from './cli';
export {
  addRole,
  createUser,
  ensureUser,
  findUserByEmail,
  findUserById,
  isAdmin,
  listUsers,
  normalizeEmail,
  parseLooseScope,
  utilisateurDto,
  validateAssignment,
  type FieldError,
  type NewUser,
  type Result,
  type UserView,
  type UtilisateurDto,
} from './users';
export { createApiToken, listApiTokens, revokeApiToken, API_TOKEN_PREFIX } from './api-tokens';
export { requestMagicLink, consumeMagicLink, MAGIC_LINK_ACCEPTED, MAGIC_LINK_INVALID } from './magic-link';
export { createSession, revokeSession } from './sessions';
export { SESSION_COOKIE, resolvePrincipal, loadAssignments } from './resolve';
export * from './principal';
