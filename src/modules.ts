import { createConsultationCounter, freshnessModule, remindersModule, moderationModule, reliabilityModule } from './freshness';
import { conflictsModule, lieuxModule, locateLieu } from './lieux';
import { ficheModule, openingHoursLines, orientationModule, reportsModule, type OrientationIndex } from './orientation';
import { createAuthModule, devOutboxModule } from './platform/auth';
import type { AppModule } from './platform/http';
import { healthModule } from './platform/http/health';
import { contoursModule, territoryModule, type Referential } from './territory';

/** Every module's HTTP routes, in one list. */
export function appModules(deps: { referential: Referential; orientation: OrientationIndex }): AppModule[] {
  // Consultations counted in memory by the orientation routes, written and read by the reliability dashboard.
  const consultations = createConsultationCounter();
  return [
    healthModule,
    territoryModule(deps.referential),
    contoursModule(deps.referential),
    // A gestionnaire may create a structure account for a lieu of their territory: the registry tells where it is.
    createAuthModule({ locateLieu }),
    lieuxModule(deps.referential),
    // Import conflicts show hours in words: the orientation module knows how to say them.
    conflictsModule(deps.referential, { hoursInWords: openingHoursLines }),
    freshnessModule(deps.referential),
    remindersModule(deps.referential),
    orientationModule(deps.referential, deps.orientation, consultations),
    reportsModule,
    moderationModule(deps.referential),
    reliabilityModule(deps.referential, consultations),
    ficheModule(),
    devOutboxModule,
  ];
}
