// Town names as people type them: « St-Maur », « Le Perreux », « Champigny », « MAISONS ALFORT »,
// « Vincennes Cedex », « 94300 Vincennes ». Pure code.

import { wordKey } from './import-words'

const ARTICLES = new Set(['le', 'la', 'les', 'l'])

/** A town name's comparison key: words without accents, « St »/« Ste » spelt out, no article in front, no « Cedex » nor digits. */
export function townKey(name: string): string {
  const words = wordKey(name)
    .split(' ')
    .filter((word) => word !== '' && word !== 'cedex' && !/^\d+$/.test(word))
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word))
  while (words.length > 1 && ARTICLES.has(words[0]!)) words.shift()
  return words.join(' ')
}

export interface TownMatch {
  code: string
  /** The name was written in full (else it was the start of one town's name only). */
  exact: boolean
}

/**
 * The town a typed name designates among `towns`: the same key, else the only town whose name
 * begins with the typed words (« Champigny » for Champigny-sur-Marne, « Saint-Maur » for
 * Saint-Maur-des-Fossés but not Saint-Maurice). Null when none or several.
 */
export function matchTown(typed: string, towns: readonly { code: string; name: string }[]): TownMatch | null {
  const key = townKey(typed)
  if (!key) return null
  const keyed = towns.map((town) => ({ code: town.code, key: townKey(town.name) }))
  const exact = keyed.find((town) => town.key === key)
  if (exact) return { code: exact.code, exact: true }
  const starting = keyed.filter((town) => town.key.startsWith(`${key} `))
  return starting.length === 1 ? { code: starting[0]!.code, exact: false } : null
}
