/** Keeping the map true: structures update their own lieu through invitation links. */
export { freshnessModule } from './routes';
export { remindersModule } from './reminders-routes';
export { registerReminderCommands } from './cli';
export { runReminders, startReminderSchedule, summaryLine, workerName, type ReminderDeps, type ReminderRunSummary } from './reminders';
export { moderationModule } from './moderation-routes';
export { reportFigures, type ReportFigure, type ReportFigures } from './moderation';
export { reliabilityModule } from './reliability-routes';
export { createConsultationCounter, CONSULTATION_FLUSH_MS, type ConsultationCounter } from './consultations';
export { inviteStructures, issueLieuLink, openLink, revokeInvitation, structureLink, STRUCTURE_SOURCE, type IssuedLink } from './service';
export { INVITATION_DAYS, LINK_REFUSALS_PER_HOUR, planInvitations, refusalOf, REFUSAL_MESSAGES, type Grouping, type LinkRefusal } from './domain/invitation';
export {
  addMonths,
  confirmedWithin,
  isToVerify,
  lastVouchedAt,
  CONFIRMED_WITHIN_MONTHS,
  STRUCTURE_WITHIN_MONTHS,
  RELIABILITY_TARGETS,
  type FreshnessDates,
} from '../lieux';
