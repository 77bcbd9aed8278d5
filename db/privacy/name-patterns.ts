import type { SubjectRef } from '../rules/subject-keys'

// What names a person in free text (their full name in both orders, e-mail, phone; for an erasure
// also the first and last names alone), and the text that replaces it. Pure code.

export const ERASED_NAME = '[personne anonymisée]'
const ERASED_EMAIL = '[courriel effacé]'
const ERASED_PHONE = '[téléphone effacé]'
export const REDACTED = '[effacé]'

export interface Identity {
  ref: SubjectRef
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  anonymisedAt: string | null
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function wordPattern(text: string): string {
  // Words of the name, any spacing or hyphen between them, not inside a longer word.
  const words = text.trim().split(/[\s-]+/).filter(Boolean).map(escapeRegExp)
  return `(?<![\\p{L}\\p{N}])${words.join('[\\s-]+')}(?![\\p{L}\\p{N}])`
}

export interface Replacement {
  pattern: RegExp
  by: string
}

/** Full name (both orders), e-mail and phone; with `tokens`, also the first and last names alone. */
export function replacementsFor(identity: Identity, tokens: boolean): Replacement[] {
  const list: Replacement[] = []
  const first = identity.firstName.trim()
  const last = identity.lastName.trim()
  if (first && last) {
    list.push({ pattern: new RegExp(wordPattern(`${first} ${last}`), 'giu'), by: ERASED_NAME })
    list.push({ pattern: new RegExp(wordPattern(`${last} ${first}`), 'giu'), by: ERASED_NAME })
  }
  if (identity.email) list.push({ pattern: new RegExp(escapeRegExp(identity.email), 'gi'), by: ERASED_EMAIL })
  const digits = (identity.phone ?? '').replace(/\D/g, '')
  if (digits.length >= 9) {
    const national = digits.startsWith('33') ? `0${digits.slice(2)}` : digits
    list.push({ pattern: new RegExp(national.split('').join('[\\s.\\-]?'), 'g'), by: ERASED_PHONE })
  }
  if (tokens) {
    for (const token of new Set([last, first])) {
      if (token.length >= 3) list.push({ pattern: new RegExp(wordPattern(token), 'giu'), by: ERASED_NAME })
    }
  }
  return list
}

export function scrubText(text: string, replacements: Replacement[]): string {
  let result = text
  for (const { pattern, by } of replacements) result = result.replace(pattern, by)
  return result
}

export function scrubJson(value: unknown, replacements: Replacement[]): unknown {
  if (typeof value === 'string') return scrubText(value, replacements)
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, replacements))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubJson(item, replacements)]))
  }
  return value
}
