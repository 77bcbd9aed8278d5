import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { latestOperation } from '../audit/changes'
import type { Database } from '../schema'

// The change feed's position on a team database, learnt by LISTEN instead of asked for: every
// operation of the audit trail is announced at its commit (the NOTIFY trigger on audit_operations,
// installed with the audit triggers), so the host answers its windows' polls from memory and reads
// the audit trail only when something changed. LISTEN is a session's: it has a connection of its
// own, outside the pool. When that connection is refused or lost (a pooler in transaction mode,
// a server restart), the position is asked for each time, as on SQLite, while it reconnects.

export const CHANGES_CHANNEL = 'vitawin_changes'
export const NOTIFY_TRIGGER = 'vitawin_notify'

const NOTIFY_FUNCTION = `create or replace function vitawin_notify_change() returns trigger language plpgsql as $fn$
begin
  perform pg_notify('${CHANGES_CHANNEL}', NEW.id::text);
  return null;
end
$fn$`

/** The NOTIFY of each new operation (needs the owner of audit_operations: the migrator's account). */
export async function installChangeNotify(db: Kysely<any>): Promise<void> {
  await sql.raw(NOTIFY_FUNCTION).execute(db)
  await sql`drop trigger if exists ${sql.id(NOTIFY_TRIGGER)} on audit_operations`.execute(db)
  await sql`create trigger ${sql.id(NOTIFY_TRIGGER)} after insert on audit_operations for each row execute function vitawin_notify_change()`.execute(db)
}

const RETRY_MS = [1000, 2000, 5000, 15_000, 30_000]

export class PostgresChangeListener {
  private client: pg.Client | null = null
  /** The newest operation announced; undefined while not listening. */
  private known: number | undefined
  /** The newest announced on the connection being set up (before its first position is read). */
  private announced = 0
  private failures = 0
  private retry: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly db: Kysely<Database>,
  ) {}

  /** Whether the position comes from LISTEN now (false: asked for each time). */
  get listening(): boolean {
    return this.known !== undefined
  }

  /** The feed's position; starts listening on first use. */
  async latest(): Promise<number> {
    if (this.known !== undefined) return this.known
    this.start()
    return latestOperation(this.db)
  }

  /** An operation committed through this host: known at once, not only when its NOTIFY arrives. */
  committed(id: number): void {
    if (id > this.announced) this.announced = id
    if (this.known !== undefined && id > this.known) this.known = id
  }

  private start(): void {
    if (this.client || this.closed || this.retry) return
    // The pool keeps its password out of its enumerable options (out of logs): given back by name.
    const client = new pg.Client({ ...this.config, password: this.config.password, application_name: 'vitawin|changes' })
    this.client = client
    this.announced = 0
    client.on('notification', (message) => {
      const id = Number(message.payload)
      if (this.client !== client || !Number.isSafeInteger(id)) return
      if (id > this.announced) this.announced = id
      if (this.known !== undefined && id > this.known) this.known = id
    })
    client.on('error', () => this.drop(client))
    client.on('end', () => this.drop(client))
    void (async () => {
      try {
        await client.connect()
        const { rows } = await client.query<{ present: boolean }>(`select exists (select 1 from pg_trigger where tgname = $1 and tgrelid = to_regclass('audit_operations')) as present`, [NOTIFY_TRIGGER])
        // A database whose owner has not installed the NOTIFY yet: nothing would be announced.
        if (!rows[0]?.present) throw new Error('no notify trigger')
        await client.query(`listen ${CHANGES_CHANNEL}`)
        // Read after LISTEN: whatever commits from now on is announced.
        const position = await latestOperation(this.db)
        if (this.client !== client) return
        this.known = Math.max(position, this.announced)
        this.failures = 0
      } catch {
        this.drop(client)
      }
    })()
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return
    this.client = null
    this.known = undefined
    client.end().catch(() => undefined)
    if (this.closed) return
    const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!
    this.retry = setTimeout(() => {
      this.retry = null
      this.start()
    }, delay)
    this.retry.unref()
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    const client = this.client
    this.client = null
    this.known = undefined
    await client?.end().catch(() => undefined)
  }
}
