import fs from 'node:fs'
import { openStore } from '../connection'
import { generateDemo, type DemoOptions, type DemoSummary } from './index'

const SIDE_FILES = ['', '-wal', '-shm']

/**
 * Writes the demo dataset into a new database file, whole or not at all: it is generated in a
 * temporary file beside the target, closed (its journal folded in), then renamed into place, so
 * that a crash or a full disk leaves no half-made demo behind.
 */
export async function writeDemoFile(target: string, options: DemoOptions = {}): Promise<DemoSummary> {
  const temporary = `${target}.${process.pid}.creation`
  const removeTemporary = () => {
    for (const suffix of SIDE_FILES) fs.rmSync(temporary + suffix, { force: true })
  }
  removeTemporary()
  try {
    const store = await openStore(temporary)
    let summary: DemoSummary
    try {
      summary = generateDemo(store.sqlite, options)
    } finally {
      await store.close()
    }
    fs.renameSync(temporary, target)
    return summary
  } finally {
    removeTemporary()
  }
}

/** Removes a database file with its journal files. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true })
}
