// Cell addresses as spreadsheet programs show them. Pure code.

/** "A" for 0, "Z" for 25, "AA" for 26, "XFD" for 16,383. */
export function columnLetter(column: number): string {
  let n = column + 1
  let letters = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    letters = String.fromCharCode(65 + rest) + letters
    n = Math.floor((n - 1) / 26)
  }
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
