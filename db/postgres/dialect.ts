import {
  CompiledQuery,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { currentAudit } from '../audit/context'

// Kysely's PostgreSQL dialect, telling the audit triggers (db/postgres/audit.ts) who works: at
// the start of each transaction, and around each write made outside one, the audit context of the
// code running (db/audit/context.ts) is set for that transaction only
// (`set_config('vitawin.audit', …, true)`), so that a pooled connection never carries one call's
// context into another's.

/** The `vitawin.audit` setting for the code running now. */
export function auditSetting(): string {
  const { operation, enabled } = currentAudit()
  if (!enabled) return JSON.stringify({ enabled: false })
  if (!operation) return JSON.stringify({ enabled: true })
  const { token, startedAt, animator, kind, label, requestKey } = operation
  return JSON.stringify({ enabled: true, token, startedAt, animator, kind, label, requestKey })
}

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])
const RAW_WRITE = /^\s*(?:insert|update|delete|merge)\b|^\s*with\b[\s\S]*\b(?:insert|update|delete)\b/i

function writes(query: CompiledQuery): boolean {
  const kind = query.query?.kind
  if (kind === 'RawNode') return RAW_WRITE.test(query.sql)
  return kind !== undefined && WRITE_NODES.has(kind)
}

const setContext = (connection: DatabaseConnection) =>
  connection.executeQuery(CompiledQuery.raw(`select set_config('vitawin.audit', $1, true)`, [auditSetting()]))

class AuditedConnection implements DatabaseConnection {
  inTransaction = false
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || !writes(query)) return this.inner.executeQuery<R>(query)
    // A write on its own: its own transaction, so that its context is set for it alone.
    await this.inner.executeQuery(CompiledQuery.raw('begin'))
    try {
      await setContext(this.inner)
      const result = await this.inner.executeQuery<R>(query)
      await this.inner.executeQuery(CompiledQuery.raw('commit'))
      return result
    } catch (error) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined)
      throw error
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

class AuditingPostgresDriver extends PostgresDriver {
  private readonly wrappers = new WeakMap<DatabaseConnection, AuditedConnection>()

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection()
    let wrapper = this.wrappers.get(inner)
    if (!wrapper) this.wrappers.set(inner, (wrapper = new AuditedConnection(inner)))
    wrapper.inTransaction = false
    return wrapper
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection((connection as AuditedConnection).inner as never)
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const audited = connection as AuditedConnection
    await super.beginTransaction(audited.inner, settings)
    audited.inTransaction = true
    await setContext(audited.inner)
  }

  override commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.ending(connection, (inner) => super.commitTransaction(inner))
  }

  override rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.ending(connection, (inner) => super.rollbackTransaction(inner))
  }

  private async ending(connection: DatabaseConnection, end: (inner: DatabaseConnection) => Promise<void>): Promise<void> {
    const audited = connection as AuditedConnection
    try {
      await end(audited.inner)
    } finally {
      audited.inTransaction = false
    }
  }
}

export class AuditingPostgresDialect extends PostgresDialect {
  private readonly settings: PostgresDialectConfig
  constructor(config: PostgresDialectConfig) {
    super(config)
    this.settings = config
  }

  override createDriver(): Driver {
    return new AuditingPostgresDriver(this.settings)
  }
}
