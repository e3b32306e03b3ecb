export { createApp, type AppModule, type App, type CreateAppOptions } from './app';
export { access, decide, type Access, type Decision } from './access';
export { HttpProblem, problem } from './problem';
