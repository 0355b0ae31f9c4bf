export { importDirectory, type ImportOptions } from './import.ts';
export { exitCodeFor, formatReport, type ImportReport, type FileReport, type QuarantinedRow, type ProbableDuplicate } from './report.ts';
export {
  contractFor,
  SOURCE_FILES,
  FORBIDDEN_COLUMN_WORDS,
  POSITIVE_OUTCOMES,
  SERVICE_INSPECTION_ID_PREFIXES,
  DWELLING_TYPES,
  OWNERSHIPS,
  REPORT_CATEGORIES,
  REPORT_SOURCES,
  INSPECTION_REASONS,
  INSPECTION_OUTCOMES,
  type SourceFile,
  type FileSpec,
} from './contract.ts';
export { FileRejected } from './errors.ts';
export { readCsvText, type CsvRecord } from './csv-lines.ts';
export { CapacityError, checkCapacity } from './capacity.ts';
