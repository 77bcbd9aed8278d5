// A person's name as people write it in one cell: « Jean-Marc Lefèvre », « M. DUPONT Jean »,
// « Mme Nadia Benali », « Dupont, Jean », « Pr. Hélène de La Tour (proviseure) ». Pure code.

import { foldText } from './text'

const CIVILITIES = new Set([
  'm', 'mr', 'mm', 'mme', 'mmes', 'mlle', 'melle', 'mle', 'monsieur', 'madame', 'mademoiselle', 'messieurs', 'dr', 'docteur', 'pr', 'professeur', 'me', 'maitre', 'mrs', 'ms', 'miss',
])
const PARTICLES = new Set(['de', 'du', 'des', 'd'])

export interface PersonName {
  firstName: string | null
  lastName: string | null
  /** The civility written before the name (dropped from it). */
  civility: string | null
  /** What stood in brackets after the name (« proviseure »), often the person's function. */
  detail: string | null
}

function isCivility(token: string): boolean {
  return token.includes('/') ? token.split('/').every(isCivility) : CIVILITIES.has(foldText(token).replace(/\.$/, ''))
}

/** Written in capitals: two letters at least, and no lowercase one. */
function isUpper(token: string): boolean {
  const letters = token.replace(/[^\p{L}]/gu, '')
  return letters.length >= 2 && letters === letters.toLocaleUpperCase('fr') && letters !== letters.toLocaleLowerCase('fr')
}

function capitalise(word: string): string {
  const lower = word.toLocaleLowerCase('fr')
  return lower.charAt(0).toLocaleUpperCase('fr') + lower.slice(1)
}

/** « DUPONT » → « Dupont », « JEAN-MARC » → « Jean-Marc », « DE LA TOUR » → « de La Tour », « D'ALEMBERT » → « d'Alembert ». */
export function nameCase(text: string, family: boolean): string {
  const words = text.split(' ')
  return words
    .map((word, index) => {
      const folded = foldText(word)
      if (family && index < words.length - 1 && PARTICLES.has(folded)) return folded
      return word
        .split('-')
        .map((part) => {
          const apostrophe = /^([dl])['’](.+)$/i.exec(part)
          if (apostrophe) return `${family ? apostrophe[1]!.toLowerCase() : apostrophe[1]!.toUpperCase()}'${capitalise(apostrophe[2]!)}`
          return capitalise(part)
        })
        .join('-')
    })
    .join(' ')
}

/**
 * Splits a full name. The civility is dropped; a family name in capitals is recognised wherever it
 * stands (« DUPONT Jean », « Jean DUPONT ») and written in the usual case; « Nom, Prénom » is read as
 * such; otherwise the first word is the first name and the rest the family name. A lone word is a
 * family name.
 */
export function splitPersonName(text: string): PersonName {
  let rest = text.replace(/\s+/g, ' ').trim()
  let detail: string | null = null
  const bracket = /\s*[([]([^()[\]]*)[)\]]\s*$/.exec(rest)
  if (bracket) {
    detail = bracket[1]!.trim() || null
    rest = rest.slice(0, bracket.index).trim()
  }
  let tokens = rest.split(' ').filter(Boolean)
  const civilities: string[] = []
  while (tokens.length > 1 && isCivility(tokens[0]!)) civilities.push(tokens.shift()!)
  const civility = civilities.length ? civilities.join(' ') : null
  if (tokens.length === 0) return { firstName: null, lastName: null, civility, detail }

  const comma = tokens.join(' ').split(',')
  if (comma.length === 2 && comma[0]!.trim() && comma[1]!.trim()) {
    const last = comma[0]!.trim()
    const first = comma[1]!.trim()
    return { firstName: isUpper(first) ? nameCase(first, false) : first, lastName: isUpper(last) ? nameCase(last, true) : last, civility, detail }
  }
  tokens = tokens.map((token) => token.replace(/,$/, ''))
  if (tokens.length === 1) return { firstName: null, lastName: isUpper(tokens[0]!) ? nameCase(tokens[0]!, true) : tokens[0]!, civility, detail }

  const upper = tokens.map(isUpper)
  if (upper.some(Boolean) && !upper.every(Boolean)) {
    // The capitals are the family name, with a particle written before it in lowercase (« de LA TOUR »).
    const first = upper.indexOf(true)
    let start = first
    while (start > 0 && PARTICLES.has(foldText(tokens[start - 1]!))) start--
    let end = first
    while (end + 1 < tokens.length && upper[end + 1]) end++
    const family = tokens.slice(start, end + 1).join(' ')
    const given = [...tokens.slice(0, start), ...tokens.slice(end + 1)].join(' ')
    return { firstName: given || null, lastName: nameCase(family, true), civility, detail }
  }
  const allUpper = upper.every(Boolean)
  const first = tokens[0]!
  const family = tokens.slice(1).join(' ')
  return { firstName: allUpper ? nameCase(first, false) : first, lastName: allUpper ? nameCase(family, true) : family, civility, detail }
}
