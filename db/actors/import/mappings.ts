// Mappings saved by name: which field each column holds (keyed on the header's text, so that they
// apply to files whose columns come in another order), and the values chosen for the list columns.

import { type ColumnMapping, type ImportFieldId, type ImportTarget, headerKey } from '../../rules/import-fields'
import type { Db } from '../../schema'
import type { ValueMapping } from './values'

export interface SavedMapping {
  /** Header key → field. */
  mapping: Record<string, ImportFieldId>
  values: ValueMapping
  defaultProfile?: string
}

export async function listMappings(db: Db) {
  const rows = await db.selectFrom('importMappings').select(['id', 'name', 'target', 'mapping', 'updatedAt']).orderBy('name').execute()
  return rows.map((row) => {
    const parsed = JSON.parse(row.mapping) as Partial<SavedMapping>
    return { ...row, mapping: { mapping: parsed.mapping ?? {}, values: parsed.values ?? {}, defaultProfile: parsed.defaultProfile } satisfies SavedMapping }
  })
}

/** Saves a mapping by name (replacing the one of that name). */
export async function saveMapping(
  db: Db,
  name: string,
  target: ImportTarget,
  headers: string[],
  mapping: ColumnMapping,
  defaultProfile: string,
  values: ValueMapping = {},
): Promise<void> {
  const byHeader: Record<string, ImportFieldId> = {}
  for (const [column, field] of Object.entries(mapping)) {
    const header = headers[Number(column)]
    if (field && header) byHeader[headerKey(header)] = field
  }
  const json = JSON.stringify({ headers: Object.keys(byHeader), mapping: byHeader, values, defaultProfile })
  await db
    .insertInto('importMappings')
    .values({ name, target, mapping: json })
    .onConflict((oc) => oc.column('name').doUpdateSet({ target, mapping: json, updatedAt: new Date().toISOString() }))
    .execute()
}

/** Applies a saved mapping (by header text) to a file's headers. */
export function applySavedMapping(headers: string[], saved: Pick<SavedMapping, 'mapping'>): ColumnMapping {
  const mapping: ColumnMapping = {}
  headers.forEach((header, column) => {
    mapping[String(column)] = saved.mapping[headerKey(header)] ?? null
  })
  return mapping
}
