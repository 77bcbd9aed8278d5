import { AppError } from '../errors'
import type { Db } from '../schema'

// Named grid views (columns, filters, sort), stored as the grid's own JSON state.

export async function listViews(db: Db, scope: string) {
  const rows = await db.selectFrom('savedViews').select(['id', 'name', 'state', 'updatedAt']).where('scope', '=', scope).orderBy('name').execute()
  return rows.map((row) => ({ ...row, state: JSON.parse(row.state) as unknown }))
}

export async function saveView(db: Db, scope: string, name: string, state: unknown): Promise<number> {
  const json = JSON.stringify(state)
  if (json.length > 500_000) throw new AppError('invalid_input', 'Cette vue est trop volumineuse pour être enregistrée.')
  const existing = await db.selectFrom('savedViews').select('id').where('scope', '=', scope).where('name', '=', name).executeTakeFirst()
  if (existing) {
    await db.updateTable('savedViews').set({ state: json, updatedAt: new Date().toISOString() }).where('id', '=', existing.id).execute()
    return existing.id
  }
  return (await db.insertInto('savedViews').values({ scope, name, state: json }).returning('id').executeTakeFirstOrThrow()).id
}

export async function deleteView(db: Db, id: number): Promise<void> {
  await db.deleteFrom('savedViews').where('id', '=', id).execute()
}
