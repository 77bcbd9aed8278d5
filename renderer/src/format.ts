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
