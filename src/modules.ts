import type { AppModule } from './platform/http';
import { healthModule } from './platform/http/health';

/** Every module's HTTP routes, in one list. */
export function appModules(): AppModule[] {
  return [healthModule];
}
