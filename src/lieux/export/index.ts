/** Open-data exports of the lieux: standard CSV and JSON, GeoJSON, data·inclusion v1; and a checker for our CSV. */
export {
  CSV_BOM,
  CSV_LINE_ENDING,
  LIST_SEPARATOR,
  STANDARD_CSV_HEADER,
  sanitizeTerritoire,
  standardFileName,
  toStandardCsv,
  toStandardCsvChunks,
  toStandardCsvRow,
  type CsvOptions,
  type StandardFileNameParts,
} from './csv';
export { toStandardJson, toStandardJsonObject, toStandardJsonObjects, type JsonOptions, type StandardJsonLieu } from './json';
export {
  describeGeoJsonSummary,
  toGeoJson,
  type GeoJsonExport,
  type GeoJsonSummary,
  type LieuFeature,
  type LieuFeatureCollection,
} from './geojson';
export {
  DEFAULT_DATA_INCLUSION_SOURCE,
  toDataInclusion,
  type DataInclusionExport,
  type DataInclusionIssue,
  type DataInclusionOptions,
  type DataInclusionReport,
  type DataInclusionService,
  type DataInclusionStructure,
} from './data-inclusion';
export { SCHEMA_FIELD_NAMES, validateStandardCsv, type StandardCsvError, type StandardCsvValidation } from './validate';
export { parseCsv, type CsvRecord, type ParsedCsv } from './csv-parse';
export { rejectedRowsCsv, REJECT_REASON_COLUMN } from './rejects';
