// What a spreadsheet cell means, for the readers and the writers of workbooks (and the dates
// typed as Excel serials): day numbers, column letters, texts a spreadsheet would run as
// formulas. Pure code.

const DAY_MS = 86_400_000
/** The serial of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569
/** 9999-12-31, the last day Excel knows. */
export const EXCEL_MAX_SERIAL = 2_958_465

/**
 * The instant of an Excel serial (days, the fraction being the time of day), at UTC. In the 1900
 * date system day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never existed (day 60,
 * a bug kept from Lotus 1-2-3), so days before it start one later; the 1904 system (old Mac
 * workbooks) starts 1,462 days later.
 */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial
  return new Date(Math.round((days - UNIX_EPOCH_SERIAL) * DAY_MS))
}

/** The day of an Excel serial as 'YYYY-MM-DD', or null when no day has that number. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null
  const day = Math.floor(serial)
  if (day < 1 || day > EXCEL_MAX_SERIAL || day === 60) return null
  return excelSerialToDate(day).toISOString().slice(0, 10)
}

/** The serial Excel stores for a date taken at its UTC fields (as exceljs's utils.dateToExcel). */
export function dateToExcelSerial(date: Date): number {
  return UNIX_EPOCH_SERIAL + date.getTime() / DAY_MS
}

/** A column's letters from its index: 0 → A, 25 → Z, 26 → AA, 16 383 → XFD. */
export function columnLetter(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

/** "C4" for row 4, column index 2. */
export function cellAddress(rowNumber: number, column: number): string {
  return `${columnLetter(column)}${rowNumber}`
}

/** The column index of letters (« C » → 2), or null. */
export function columnIndex(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null
  let n = 0
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64)
  return n - 1
}

const FORMULA_START = /^[=+\-@\t\r]/

/** Whether a spreadsheet would read a text as a formula (it starts with = + - @ tab or CR). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text)
}

/** Prefixes with an apostrophe a text that a spreadsheet would read as a formula. */
export function neutralizeFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text
}
