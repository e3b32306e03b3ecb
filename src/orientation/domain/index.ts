/** The orientation domain: pure engine, opening phrases, Paris time. */
export {
  OrientationEngine,
  bruteForce,
  orientationLieu,
  publishedOn,
  type OrientationAnswer,
  type OrientationHit,
  type OrientationLieu,
  type OrientationQuery,
} from './engine';
export { frenchTime, nextOpeningPhrase, openAt, parseHours, type ParsedHours } from './opening';
export { calendarDaysBetween, parisDate, parisWallClock, wallClockDate, type WallClock } from './paris-time';
export { daySpans, weekSchedule, type DaySchedule, type WeekSchedule } from './week';
