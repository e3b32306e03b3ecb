/** Import of lieux files: decoding, format detection, readers, location, and the pure analysis. No database here. */
export type {
  AcceptedRow,
  AnalyseOptions,
  ImportAnalysis,
  ImportFileError,
  ImportFormat,
  PreRejectedRow,
  ReadOptions,
  ReadResult,
  ReadRow,
  RejectedRow,
  SourceRow,
} from './types';
export { IMPORT_FORMATS, fileError, isFileError, isPreRejected } from './types';
export type { CsvSeparator, DecodedText, DetectedInput } from './detect';
export { decodeBytes, decodeWindows1252, detectInput, detectSeparator, firstLine, normaliseColumnName } from './detect';
export type { CsvItem, CsvRecord, CsvBadRecord, ParsedCsv } from './csv';
export { parseCsv, parseCsvHeader } from './csv';
export {
  readDataInclusionJson,
  readFranceServicesCsv,
  readStandardCsv,
  readStandardJson,
  readV0Csv,
  readV0Json,
} from './readers';
export type { Location, Locator } from './locate';
export { arrondissementCommune, createLocator, normaliseCommuneName } from './locate';
export { analyseImport, locatorFor } from './analyse';
