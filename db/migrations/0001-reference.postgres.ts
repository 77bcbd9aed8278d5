import { sql, type Kysely } from 'kysely'

// Frozen in time. PostgreSQL only, before 0001: what SQLite gets from the app's connection.
// - The extensions the schema uses (trusted: the database owner may create them): citext for the
//   names compared without case, unaccent and pg_trgm for the search (0003).
// - vitawin_fold(text), the twin of db/rules/text.ts foldText(), which SQLite's connections
//   register from JavaScript: ligatures and typographic signs made plain, NFKD, lowercase by
//   ICU (whatever the database's LC_CTYPE), combining marks removed, spaces collapsed, trimmed.

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`

const ONE_FOR_ONE: [from: string, to: string] = [
  'øØđĐłŁı' + '‘’‚‛′ʼ´`' + '“”„‟″«»' + '‐‑‒–—―−',
  'ooddlli' + "''''''''" + '"""""""' + '-------',
]
const SPELT_OUT: [from: string, to: string][] = [
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ['ß', 'ss'],
  ['ẞ', 'ss'],
  ['…', '...'],
]
const COMBINING_MARKS = '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]+'

export async function up(db: Kysely<any>): Promise<void> {
  for (const extension of ['citext', 'unaccent', 'pg_trgm']) await sql`create extension if not exists ${sql.id(extension)}`.execute(db)
  let plain = `translate(input, ${literal(ONE_FOR_ONE[0])}, ${literal(ONE_FOR_ONE[1])})`
  for (const [from, to] of SPELT_OUT) plain = `replace(${plain}, ${literal(from)}, ${literal(to)})`
  const folded = `regexp_replace(lower(normalize(${plain}, NFKD) collate "und-x-icu"), ${literal(COMBINING_MARKS)}, '', 'g')`
  await sql
    .raw(
      `create function vitawin_fold(input text) returns text language sql immutable strict parallel safe
       return btrim(regexp_replace(${folded}, '[[:space:]]+', ' ', 'g'), ' ')`,
    )
    .execute(db)
}
