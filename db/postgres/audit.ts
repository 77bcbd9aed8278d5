import { sql, type Kysely } from 'kysely'
import { installChangeNotify } from './changes'
import { DIRECT_OPERATION, SUBJECT_TABLES, UNAUDITED_TABLES, UNTRACKED_COLUMNS } from '../audit/tables'

// The audit trail on PostgreSQL: the same tables and rows as SQLite's TEMP triggers
// (db/sqlite/audit.ts), written by persistent triggers that the migrator installs as the schema's
// owner, regenerated from the live schema (a table added by a later migration is covered when the
// migrator runs again; a column added is covered at once, the values being read as a whole row).
//
// Who works and which operation is under way come per transaction: the app's driver
// (db/postgres/dialect.ts) sets `vitawin.audit` at the start of each transaction, and around each
// write made outside one, to the audit context of the code running (db/audit/context.ts):
// {"enabled":true,"token",…} inside an operation, {"enabled":true} outside any, {"enabled":false}
// under withoutAudit (not recorded). No setting at all means another client (psql, a reporting
// tool): the change is recorded as made outside the app, under the server account's name.

export const AUDIT_TRIGGER = 'vitawin_audit'

const quoteText = (text: string) => `'${text.replaceAll("'", "''")}'`

/** The current instant as ISO 8601 text in UTC with milliseconds, as SQLite's strftime writes it. */
export const NOW = `to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * One function for every audited table; its arguments say what the table is:
 * 0 the integer key column ('' when none), 1 the key columns (comma-separated), 2 the columns
 * that refer to an actor or a pupil ('column:table' comma-separated), 3 the table's own subject
 * name when its records are actors or pupils (''), 4 the untracked columns (comma-separated).
 */
const auditFunction = (requestKeys: boolean) => `create or replace function vitawin_audit_row() returns trigger language plpgsql as $fn$
declare
  v_setting text := current_setting('vitawin.audit', true);
  v_context jsonb;
  v_token text;
  v_operation integer;
  v_cached text := coalesce(current_setting('vitawin.audit_op', true), '');
  integer_key text := TG_ARGV[0];
  key_columns text[] := string_to_array(nullif(TG_ARGV[1], ''), ',');
  subject_columns text[] := string_to_array(nullif(TG_ARGV[2], ''), ',');
  own_subject text := TG_ARGV[3];
  untracked text[] := coalesce(string_to_array(nullif(TG_ARGV[4], ''), ','), '{}');
  old_row jsonb;
  new_row jsonb;
  subject_row jsonb;
  v_changes json;
  v_log integer;
  subject_column text;
  v_rows jsonb[];
begin
  if v_setting is null or v_setting = '' then
    v_context := jsonb_build_object('enabled', true, 'direct', true);
  else
    v_context := v_setting::jsonb;
  end if;
  if not coalesce((v_context->>'enabled')::boolean, true) then
    return null;
  end if;
  if TG_OP <> 'INSERT' then old_row := to_jsonb(OLD); end if;
  if TG_OP <> 'DELETE' then new_row := to_jsonb(NEW); end if;
  -- The values in the table's column order, as SQLite's triggers write them (jsonb would sort the
  -- keys, and the history would list a record's fields in another order on each engine).
  if TG_OP = 'UPDATE' then
    select json_object_agg(n.key, json_build_array(o.value, n.value) order by n.position) into v_changes
      from json_each(to_json(NEW)) with ordinality n(key, value, position) join json_each(to_json(OLD)) o using (key)
      where n.value::jsonb is distinct from o.value::jsonb and n.key <> all (untracked) and n.key <> integer_key;
    if v_changes is null then return null; end if;
  else
    select coalesce(json_object_agg(e.key, e.value order by e.position), '{}'::json) into v_changes
      from json_each(case when TG_OP = 'INSERT' then to_json(NEW) else to_json(OLD) end) with ordinality e(key, value, position)
      where json_typeof(e.value) <> 'null' and e.key <> all (untracked) and e.key <> integer_key;
  end if;

  v_token := coalesce(v_context->>'token', '');
  if v_cached <> '' and split_part(v_cached, '|', 1) = v_token then
    v_operation := split_part(v_cached, '|', 2)::integer;
  else
    if v_token = '' then
      insert into audit_operations (token, started_at, animator, kind, label)
        values ('direct-' || gen_random_uuid(), ${NOW.replace('statement_timestamp()', 'transaction_timestamp()')},
                case when v_context ? 'direct' then session_user::text end, ${quoteText(DIRECT_OPERATION.kind)}, ${quoteText(DIRECT_OPERATION.label)})
        returning id into v_operation;
    else
      insert into audit_operations (token, started_at, animator, kind, label${requestKeys ? ', request_key' : ''})
        values (v_token, v_context->>'startedAt', v_context->>'animator', v_context->>'kind', v_context->>'label'${requestKeys ? ", v_context->>'requestKey'" : ''})
        on conflict (token) do nothing
        returning id into v_operation;
      if v_operation is null then
        select id into v_operation from audit_operations where audit_operations.token = v_token;
      end if;
    end if;
    perform set_config('vitawin.audit_op', v_token || '|' || v_operation, true);
  end if;

  subject_row := coalesce(new_row, old_row);
  insert into audit_log (operation_id, at, action, table_name, row_id, row_key, changes)
    values (
      v_operation, ${NOW}, lower(TG_OP), TG_TABLE_NAME,
      case when integer_key <> '' then (subject_row->>integer_key)::bigint end,
      case when integer_key = '' and key_columns is not null then
        '[' || (select string_agg((subject_row->k)::text, ',' order by n) from unnest(key_columns) with ordinality u(k, n)) || ']' end,
      v_changes::text)
    returning id into v_log;

  if TG_OP = 'UPDATE' then v_rows := array[old_row, new_row]; else v_rows := array[subject_row]; end if;
  insert into audit_subjects (subject, audit_id)
    select distinct subject, v_log from (
      select own_subject || ':' || (r->>integer_key) as subject from unnest(v_rows) r where own_subject <> ''
      union all
      select split_part(c, ':', 2) || ':' || (r->>split_part(c, ':', 1)) from unnest(v_rows) r, unnest(coalesce(subject_columns, '{}')) c
        where r->>split_part(c, ':', 1) is not null
    ) s
    on conflict do nothing;
  return null;
end
$fn$`

interface TableShape {
  name: string
  keyColumns: string[]
  integerKey: string | null
  subjectColumns: [string, string][]
}

/** The tables of the schema the audit covers, with their keys and the columns that name an actor or a pupil. */
async function auditedShapes(db: Kysely<any>): Promise<TableShape[]> {
  const { rows } = await sql<{ name: string; keys: { column: string; type: string }[] | null; subjects: [string, string][] | null }>`
    select c.relname as name,
      (select json_agg(json_build_object('column', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by k.n)
         from pg_index i, unnest(i.indkey) with ordinality k(attnum, n), pg_attribute a
         where i.indrelid = c.oid and i.indisprimary and a.attrelid = c.oid and a.attnum = k.attnum) as keys,
      (select json_agg(json_build_array(a.attname, r.relname) order by a.attname)
         from pg_constraint f join pg_class r on r.oid = f.confrelid join pg_attribute a on a.attrelid = c.oid and a.attnum = f.conkey[1]
         where f.conrelid = c.oid and f.contype = 'f' and cardinality(f.conkey) = 1 and r.relname in (${sql.join([...SUBJECT_TABLES])})) as subjects
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname = current_schema()
    order by c.relname`.execute(db)
  return rows
    .filter((row) => !UNAUDITED_TABLES.has(row.name))
    .map((row) => {
      const keys = row.keys ?? []
      const integerKey = keys.length === 1 && /^(integer|bigint)$/.test(keys[0]!.type) ? keys[0]!.column : null
      return { name: row.name, keyColumns: keys.map((key) => key.column), integerKey, subjectColumns: row.subjects ?? [] }
    })
}

/** Whether the schema holds the audit tables yet (0007-audit-privacy). */
async function hasAuditTables(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relname in ('audit_log', 'audit_operations', 'audit_subjects')`.execute(db)
  return rows[0]?.count === 3
}

/**
 * (Re)creates the audit function and every audited table's trigger from the schema as it is now.
 * Needs the tables' owner (the migrator's account). Returns the number of tables covered.
 */
export async function installAuditTriggers(db: Kysely<any>): Promise<number> {
  if (!(await hasAuditTables(db))) return 0
  // Before 0016-request-keys (a migration under way) the operations have no request key yet.
  const { rows: keyColumn } = await sql<{ present: boolean }>`select exists (select 1 from information_schema.columns
    where table_schema = current_schema() and table_name = 'audit_operations' and column_name = 'request_key') as present`.execute(db)
  await sql.raw(auditFunction(keyColumn[0]?.present === true)).execute(db)
  await installChangeNotify(db)
  const shapes = await auditedShapes(db)
  const untracked = [...UNTRACKED_COLUMNS].join(',')
  for (const shape of shapes) {
    const own = (SUBJECT_TABLES as readonly string[]).includes(shape.name) && shape.integerKey ? shape.name : ''
    const args = [shape.integerKey ?? '', shape.keyColumns.join(','), shape.subjectColumns.map(([column, table]) => `${column}:${table}`).join(','), own, untracked]
    const table = sql.table(shape.name)
    await sql`drop trigger if exists ${sql.id(AUDIT_TRIGGER)} on ${table}`.execute(db)
    await sql`create trigger ${sql.id(AUDIT_TRIGGER)} after insert or update or delete on ${table}
      for each row execute function vitawin_audit_row(${sql.raw(args.map(quoteText).join(', '))})`.execute(db)
  }
  return shapes.length
}

/** Audited tables without their trigger (should be none: the migrator installs them). */
export async function missingAuditTriggers(db: Kysely<any>): Promise<string[]> {
  if (!(await hasAuditTables(db))) return []
  const shapes = await auditedShapes(db)
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and t.tgname = ${AUDIT_TRIGGER} and not t.tgisinternal`.execute(db)
  const present = new Set(rows.map((row) => row.name))
  return shapes.map((shape) => shape.name).filter((name) => !present.has(name))
}
