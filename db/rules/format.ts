import { isIsoDate } from './dates'

// How the app writes values for the animators, in French: dates dd/mm/yyyy, numbers 1 234,5,
// counts with their noun. Pure code: the screens, the exports, the command line and the data
// layer's messages all write through here.

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })
const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integerFormat.format(value)
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimalFormat.format(value)
}

/**
 * 'YYYY-MM-DD' (or a full ISO instant, by its date) as 'dd/mm/yyyy'; `empty` for nothing; any
 * other text is returned as it is, to stay visible.
 */
export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (value === null || value === undefined || value === '') return empty
  const day = value.slice(0, 10)
  if (!isIsoDate(day) || (value.length > 10 && value[10] !== 'T')) return value
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`
}

/** An ISO instant on the local clock: « 23/11/2026 à 14:05 ». Any other text is returned as it is. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toLocaleDateString('fr-FR')} à ${date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`
}

/** « mardi 13/01/2026 ». */
export function formatDayLong(iso: string): string {
  const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
  return `${weekday} ${formatDate(iso)}`
}

/** « décembre 2026 » (`short`: « déc. 2026 »), for 'YYYY-MM' or a date in that month. */
export function formatMonth(isoMonth: string, month: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat('fr-FR', { month, year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`))
}

/** 1 → « 1 élève », 3 → « 3 élèves » (0 takes the singular, as in French), with French digit grouping. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${integerFormat.format(count)} ${pluralWord(count, singular, pluralForm)}`
}

/** The noun alone: « élève » or « élèves », for sentences that write the number their own way. */
export function pluralWord(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count > 1 ? pluralForm : singular
}

/** A file's size: « 840 Ko », « 2,3 Mo », « 1,2 Go ». */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${decimalFormat.format(Math.max(1, Math.round(bytes / 1024)))} Ko`
  if (bytes < 1024 * 1024 * 1024) return `${decimalFormat.format(bytes / 1024 / 1024)} Mo`
  return `${decimalFormat.format(bytes / 1024 / 1024 / 1024)} Go`
}

/**
 * An instant as the animators read it on a French clock (Europe/Paris, whatever the machine's
 * zone): « 10 h 42 » when it is today there, « le 02/12/2026 à 10 h 42 » otherwise.
 */
export function formatParisTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const parts = (instant: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(instant)
        .map((part) => [part.type, part.value]),
    )
  const at = parts(date)
  const today = parts(now)
  const time = `${at.hour} h ${at.minute}`
  return at.day === today.day && at.month === today.month && at.year === today.year ? time : `le ${at.day}/${at.month}/${at.year} à ${time}`
}
