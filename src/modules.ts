import { freshnessModule, remindersModule, moderationModule } from './freshness';
import { lieuxModule, locateLieu } from './lieux';
import { ficheModule, orientationModule, reportsModule, type OrientationIndex } from './orientation';
import { createAuthModule, devOutboxModule } from './platform/auth';
import type { AppModule } from './platform/http';
import { healthModule } from './platform/http/health';
import { contoursModule, territoryModule, type Referential } from './territory';

/** Every module's HTTP routes, in one list. */
export function appModules(deps: { referential: Referential; orientation: OrientationIndex }): AppModule[] {
  return [
    healthModule,
    territoryModule(deps.referential),
    contoursModule(deps.referential),
    // A gestionnaire may create a structure account for a lieu of their territory: the registry tells where it is.
    createAuthModule({ locateLieu }),
    lieuxModule(deps.referential),
    freshnessModule(deps.referential),
    remindersModule,
    orientationModule(deps.referential, deps.orientation),
    reportsModule,
    moderationModule,
    ficheModule(),
    devOutboxModule,
  ];
}
