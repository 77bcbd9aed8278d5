// French formats: dates dd/mm/yyyy, numbers 1 234,5.

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })
const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integerFormat.format(value)
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimalFormat.format(value)
}

/** 'YYYY-MM-DD' (or a full ISO instant) to 'dd/mm/yyyy'. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value
}

/** A file's size: « 840 Ko », « 2,3 Mo », « 1,2 Go ». */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${decimalFormat.format(Math.max(1, Math.round(bytes / 1024)))} Ko`
  if (bytes < 1024 * 1024 * 1024) return `${decimalFormat.format(bytes / 1024 / 1024)} Mo`
  return `${decimalFormat.format(bytes / 1024 / 1024 / 1024)} Go`
}
