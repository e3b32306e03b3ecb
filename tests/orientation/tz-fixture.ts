// Prints the engine's answers to a fixed set of queries (run under several TZ values by timezone.test.ts).
import { OrientationEngine } from '../../src/orientation';
import { defaultTravelTimeParameters } from '../../src/platform/config';
import { seededRandom } from '../../src/platform/seeded-random';
import { randomQuery, syntheticLieux } from './support';

const lieux = syntheticLieux(800, 99);
const engine = new OrientationEngine(lieux, defaultTravelTimeParameters);
const rand = seededRandom(2026);
const answers = [];
for (let i = 0; i < 300; i++) answers.push(engine.search(randomQuery(rand)));
process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(2026, 0, 1).getTimezoneOffset(), answers }));
