// Text folding for search, sorting-insensitive comparisons and duplicate detection.
// Pure code: imported by the backend and by the renderer alike. foldText runs on every row of the
// search index, so its regexes are compiled once and ASCII text takes a shorter path.

const NON_ASCII_OR_BACKTICK = /[^ -~\t\n\r]|`/ // anything but printable ASCII and common whitespace
// The combining-diacritics blocks (U+0300–U+036F and its supplements): every accent of Latin
// scripts. A literal class is about twice as fast as \p{M} on V8. (The lint rule guards against
// a mark meant to combine with the character before it; here the marks themselves are the target.)
// eslint-disable-next-line no-misleading-character-class
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g
// What NFKD leaves alone (or would turn into a space, like ´) and we still want plain.
// Applied before NFKD; lowercasing comes after NFKD, which can produce capitals (™ → TM).
const SPECIALS = /[œŒæÆßẞøØđĐłŁı‘’‚‛′ʼ´`“”„‟″«»‐‑‒–—―−…]/g
const SPECIAL_MAP: Readonly<Record<string, string>> = {
  œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', ẞ: 'ss', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l', ı: 'i',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", ʼ: "'", '´': "'", '`': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '…': '...',
}
const replaceSpecial = (c: string): string => SPECIAL_MAP[c] ?? c
// \s covers the non-breaking and narrow non-breaking spaces of French typography.
const UNTIDY_SPACE = /\s{2,}|[^\S ]/
const SPACES = /\s+/g

function foldGeneral(s: string): string {
  return s.replace(SPECIALS, replaceSpecial).normalize('NFKD').toLowerCase().replace(COMBINING_MARKS, '')
}

// Characters of the Latin blocks (U+0000–U+024F) and of General Punctuation (U+2000–U+206F: the
// typographic apostrophe, dashes, non-breaking spaces) fold the same wherever they stand, so text
// made only of them is folded by table lookup, built once from the general path: about four
// times faster than normalize() on French text.
const fold1 = (code: number): string => foldGeneral(String.fromCharCode(code))
const LATIN_LIMIT = 0x250
const PUNCTUATION_START = 0x2000
const PUNCTUATION_END = 0x2070
const LATIN_TABLE: readonly string[] = Array.from({ length: LATIN_LIMIT }, (_, code) => fold1(code))
const PUNCTUATION_TABLE: readonly string[] = Array.from({ length: PUNCTUATION_END - PUNCTUATION_START }, (_, i) =>
  fold1(PUNCTUATION_START + i),
)

function foldByTable(s: string): string | null {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    if (code < LATIN_LIMIT) out += LATIN_TABLE[code]!
    else if (code >= PUNCTUATION_START && code < PUNCTUATION_END) out += PUNCTUATION_TABLE[code - PUNCTUATION_START]!
    else return null
  }
  return out
}

/**
 * Folded form of a text for search and comparisons: lowercase, no accents, ligatures spelt out
 * (œ → oe, æ → ae, ß → ss), typographic quotes and dashes made plain, spaces collapsed, trimmed.
 * NFKD (rather than NFD) also flattens compatibility forms: ﬁ, full-width letters, superscripts.
 */
export function foldText(input: string): string {
  let s = NON_ASCII_OR_BACKTICK.test(input) ? (foldByTable(input) ?? foldGeneral(input)) : input.toLowerCase()
  if (UNTIDY_SPACE.test(s)) s = s.replace(SPACES, ' ')
  return s.trim()
}

const NON_WORD = /[^\p{L}\p{N}]+/u

/** Folded words of a user's search query, split on anything that is not a letter or a digit. */
export function searchTokens(query: string): string[] {
  return foldText(query)
    .split(NON_WORD)
    .filter((token) => token !== '')
}

const ALL_DIGITS = /^\p{N}+$/u

/**
 * The words a user's query searches for, each once: folded, split on anything not a letter or a
 * digit. One-letter words are dropped (they would match almost everything), except digits.
 */
export function searchTerms(query: string): string[] {
  return [...new Set(searchTokens(query))].filter((token) => token.length >= 2 || ALL_DIGITS.test(token))
}

/**
 * SQLite FTS5 MATCH expression for a user's query: every word as a quoted prefix ("hel"* "dup"*),
 * all required. Quoting neutralises FTS5 syntax (AND, OR, NOT, NEAR, -, ^, column filters).
 * Null when nothing is left to search. The indexed text must be folded with foldText too.
 */
export function toFtsQuery(query: string): string | null {
  const terms = searchTerms(query)
  if (terms.length === 0) return null
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(' ')
}

/**
 * PostgreSQL to_tsquery expression for the same query: every word as a prefix (hel:* & dup:*), all
 * required. The words hold letters and digits only, so no tsquery syntax can get in.
 */
export function toTsQuery(query: string): string | null {
  const terms = searchTerms(query)
  if (terms.length === 0) return null
  return terms.map((term) => `${term}:*`).join(' & ')
}

// Words that do not tell two organisations apart: legal forms and French filler words.
const NAME_STOP_WORDS = new Set([
  'sarl', 'sas', 'sasu', 'sa', 'eurl', 'sci', 'snc', 'scop', 'scic',
  'association', 'asso', 'ste', 'societe', 'cie',
  'et', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'au', 'aux',
])
// "S.A.R.L." must become "sarl" (a stop word), not "s a r l".
const DOTTED_ACRONYM = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu

/**
 * Comparison key of an organisation's name, for duplicate detection: folded, without punctuation,
 * legal forms or filler words. "SARL Boulangerie Dupont & Fils" → "boulangerie dupont fils".
 * A name made only of such words keeps them, so that it is not reduced to nothing.
 */
export function organisationNameKey(name: string): string {
  const words = foldText(name)
    .replace(DOTTED_ACRONYM, (acronym) => acronym.replaceAll('.', ''))
    .split(NON_WORD)
    .filter((word) => word !== '')
  const kept = words.filter((word) => !NAME_STOP_WORDS.has(word))
  return (kept.length > 0 ? kept : words).join(' ')
}

function trigrams(key: string): Map<string, number> {
  const padded = `  ${key} `
  const counts = new Map<string, number>()
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3)
    counts.set(gram, (counts.get(gram) ?? 0) + 1)
  }
  return counts
}

/**
 * Similarity in [0, 1] of two comparison keys already computed with organisationNameKey (for loops
 * that compare many pairs): Dice coefficient of their trigrams. Equal keys give 1.
 */
export function keySimilarity(keyA: string, keyB: string): number {
  if (keyA === keyB) return 1
  if (keyA === '' || keyB === '') return 0
  const gramsA = trigrams(keyA)
  const gramsB = trigrams(keyB)
  let shared = 0
  let total = 0
  for (const count of gramsA.values()) total += count
  for (const [gram, count] of gramsB) {
    total += count
    shared += Math.min(count, gramsA.get(gram) ?? 0)
  }
  return (2 * shared) / total
}

/**
 * Similarity of two organisation names in [0, 1], on their comparison keys. organisationNameKey is
 * idempotent, so passing keys instead of names gives the same result (only slower than keySimilarity).
 */
export function nameSimilarity(a: string, b: string): number {
  return keySimilarity(organisationNameKey(a), organisationNameKey(b))
}

/** A name as the code spells it (camelCase) in SQL's spelling (snake_case): 'joinedOn' → 'joined_on'. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}
