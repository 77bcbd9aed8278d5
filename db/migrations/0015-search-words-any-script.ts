import { sql, type Kysely } from 'kysely'
import type { MigrationDialect } from './dialect'

// Frozen in time. PostgreSQL only (nothing to do on SQLite, whose FTS5 unicode61 tokenizer splits
// on anything not a letter or a digit of any script).
//
// 0003 split the search text on `[^[:alnum:]]` under the column's "C" collation, where only ASCII
// letters and digits are alphanumeric: a name in Cyrillic, Greek, Arabic or Chinese (what folding
// leaves of it) was indexed as no word at all. The same split under ICU's root collation knows
// every script, as the search box's words do (db/rules/text.ts searchTokens). A generated column's
// expression cannot change in place before PostgreSQL 17: the two are dropped and added again,
// which recomputes every row, and their GIN indexes are made again.

const words = (column: string) => `to_tsvector('vitawin', regexp_replace(coalesce(${column}, '') collate "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))`

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  if (d.engine !== 'postgres') return
  await sql
    .raw(
      `alter table search_index
        drop column words,
        drop column title_words,
        add column title_words tsvector generated always as (${words('title')}) stored,
        add column words tsvector generated always as (setweight(${words('title')}, 'A') || setweight(${words('body')}, 'D')) stored`,
    )
    .execute(db)
  await sql`create index search_index_words on search_index using gin (words)`.execute(db)
  await sql`create index search_index_title_words on search_index using gin (title_words)`.execute(db)
}
