/** The prescriber's fiche d'orientation: content, sending by e-mail or SMS, and the receiving lieu's follow-up. */
export { ficheModule, MAX_FICHE_LIEUX, type FicheModuleOptions } from './routes';
export { LoggingSmsProvider, normalizeFrenchPhone, maskPhone, type SmsProvider, type LoggedSms } from './sms';
export { openingHoursLines } from './hours';
export { DEFAULT_TO_BRING, RECEIVERS, SENDERS, listReceived, markReceived, receiverOf } from './service';
export { orientations, ORIENTATION_CHANNELS, type OrientationChannel } from './schema';
