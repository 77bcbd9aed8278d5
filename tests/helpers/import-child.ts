import fs from 'node:fs'
import path from 'node:path'
import { parseDatabaseTarget } from '../../db/backend'
import { createApiHost } from '../../main/api/host'

// A child process for tests/unit/crash-safety.test.ts (and crash-safety-team.test.ts): the app importing spreadsheets in batches,
// one import (one transaction) per batch, through the API host like the app (with its backup
// before each import and its audit trail). It writes « committed <n> » on stdout once an import
// has returned, until it is killed.
//
// Usage: node import-child.mjs <database> <data folder> <work folder> <first batch> <rows per batch>

const [database, dataDir, work, firstArg, sizeArg] = process.argv.slice(2)
const first = Number(firstArg)
const size = Number(sizeArg)

async function main(): Promise<void> {
  // A file, or a team database (postgresql://…: tests/unit/crash-safety-team.test.ts).
  const host = /^postgres(?:ql)?:\/\//.test(database!) ? await createApiHost(parseDatabaseTarget(database!), { dataDir }) : await createApiHost(database!, { dataDir })
  if (host.openError) throw new Error(host.openError.message)
  for (let batch = first; ; batch++) {
    const file = path.join(work!, `lot-${batch}.csv`)
    const lines = ['Raison sociale,Ville,Commentaires']
    for (let row = 0; row < size; row++) lines.push(`Lot ${batch} organisation ${row},Vincennes,Ligne ${row} du lot ${batch}`)
    fs.writeFileSync(file, `${lines.join('\n')}\n`)
    const handle = host.files.register(file)
    const envelope = await host.call('actors.import.commit', {
      fileId: handle.id,
      target: 'organisations',
      mapping: { 0: 'name', 1: 'town', 2: 'notes' },
      defaultProfile: 'entreprise',
    })
    if (!envelope.ok) {
      fs.writeSync(2, `failed ${batch}: ${envelope.error.message}\n`)
      process.exit(3)
    }
    fs.writeSync(1, `committed ${batch}\n`)
  }
}

main().catch((error: unknown) => {
  fs.writeSync(2, `${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(2)
})
