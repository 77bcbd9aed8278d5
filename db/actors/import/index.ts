// Importing the team's own spreadsheets: organisations, people, or organisations with their
// contacts. One job per file: finding the table (table.ts), reading cells (cells.ts), mapping list
// values (values.ts), a row → what it describes (rows.ts) → records (write.ts), the run in one
// transaction (run.ts), saved mappings (mappings.ts). The undo is the audit trail's (db/audit/undo.ts).

export { type ImportReport, type ImportOptions, type UnusedColumn, runImport } from './run'
export { type IgnoredRow, type ImportRow, HEADER_SEARCH_ROWS, findHeaderRow, headerTexts, rowText, tableHeaders } from './table'
export { type ValueEntry, type ValueMapping, type ValueReport } from './values'
export { type RecordCounts, type RecordRef, type RowOutcome } from './write'
export { type SavedMapping, applySavedMapping, listMappings, saveMapping } from './mappings'
export { type ColumnMapping, type ImportTarget, IMPORT_FIELDS, guessKind, guessMapping } from '../../rules/import-fields'
