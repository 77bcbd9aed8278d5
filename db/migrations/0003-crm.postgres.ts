import { sql, type Kysely } from 'kysely'

// Frozen in time. PostgreSQL's forms of what 0003 (and 0004) write as SQLite triggers and FTS5.
//
// Search: search_index keeps SQLite's row ids (organisation id*4, person id*4+1, interaction
// id*4+2, group meeting id*4+3) and the same folded title and body (vitawin_fold, 0001); the
// words are tsvectors generated from them with the `vitawin` configuration (simple + unaccent,
// no stemming, like FTS5's unicode61), split on anything not a letter or a digit as unicode61
// does, with GIN indexes for the words and trigrams for near matches on titles.

const words = (column: string) => `to_tsvector('vitawin', regexp_replace(coalesce(${column}, ''), '[^[:alnum:]]+', ' ', 'g'))`

export async function dismissalTriggers(db: Kysely<any>): Promise<void> {
  await sql`create function vitawin_dismissals_delete() returns trigger language plpgsql as $$
    begin
      delete from duplicate_dismissals where kind = tg_argv[0] and (first_id = old.id or second_id = old.id);
      return null;
    end $$`.execute(db)
  for (const [table, kind] of [['organisations', 'organisation'], ['people', 'person']] as const) {
    await sql`create trigger ${sql.id(`${table}_dismissals_delete`)} after delete on ${sql.table(table)}
      for each row execute function vitawin_dismissals_delete(${sql.lit(kind)})`.execute(db)
  }
}

export async function searchIndex(db: Kysely<any>): Promise<void> {
  await sql`create text search configuration vitawin (copy = simple)`.execute(db)
  await sql`alter text search configuration vitawin
    alter mapping for asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    with unaccent, simple`.execute(db)
  await sql
    .raw(
      `create table search_index (
        row_id bigint primary key,
        title text collate "C",
        body text collate "C",
        title_words tsvector generated always as (${words('title')}) stored,
        words tsvector generated always as (setweight(${words('title')}, 'A') || setweight(${words('body')}, 'D')) stored
      )`,
    )
    .execute(db)
  await sql`create index search_index_words on search_index using gin (words)`.execute(db)
  await sql`create index search_index_title_words on search_index using gin (title_words)`.execute(db)
  await sql`create index search_index_title_trigrams on search_index using gin (title gin_trgm_ops)`.execute(db)
}

/** Keeps search_index up to date for one table, as SQLite's three triggers do. */
export async function searchTriggers(
  db: Kysely<any>,
  source: { table: string; code: number; title: string; body: string; columns: string[] },
): Promise<void> {
  const name = `${source.table}_search`
  const key = `old.id * 4 + ${source.code}`
  await sql
    .raw(
      `create function ${name}() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then delete from search_index where row_id = ${key}; end if;
        if tg_op <> 'DELETE' then
          insert into search_index (row_id, title, body) values (new.id * 4 + ${source.code}, ${source.title}, ${source.body});
        end if;
        return null;
      end $$`,
    )
    .execute(db)
  const on = sql.table(source.table)
  const run = sql.raw(`execute function ${name}()`)
  await sql`create trigger ${sql.id(`${name}_insert`)} after insert on ${on} for each row ${run}`.execute(db)
  await sql`create trigger ${sql.id(`${name}_update`)} after update of ${sql.join(source.columns.map((column) => sql.id(column)))} on ${on} for each row ${run}`.execute(db)
  await sql`create trigger ${sql.id(`${name}_delete`)} after delete on ${on} for each row ${run}`.execute(db)
}
