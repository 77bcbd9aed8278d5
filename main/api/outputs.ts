import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { writeTableWorkbook, type SheetSpec, type WriteOptions } from '../files/xlsx-writer'
import type { FileRegistry } from './files'

/** A workbook of tables written to the private folder, handed back as a file to save. */
export async function tableWorkbookOutput(files: FileRegistry, name: string, sheets: SheetSpec[], options?: WriteOptions) {
  const output = files.createOutput(name)
  const result = await writeTableWorkbook(output.path, sheets, options)
  const handle = output.complete()
  return { fileId: handle.id, name: handle.name, rows: result.rows }
}

/** School levels' labels by code (« seconde » → « Seconde »). */
export async function schoolLevelLabels(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('schoolLevels').select(['code', 'label']).execute()).map((level) => [level.code, level.label]))
}
