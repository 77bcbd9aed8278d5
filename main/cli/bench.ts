import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../../db/errors'

// `npm run cli -- bench`: the benchmark lives in scripts/bench/ (a development tool, run with tsx
// from the repository); this command runs it in a child process with the same options, so that
// the CLI bundle neither contains it nor its development dependencies.

// main/cli/bench.ts from the sources, out/main/cli.js once bundled: the repository is two levels up.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export async function benchCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const entry = path.join(ROOT, 'scripts', 'bench', 'index.ts')
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(ROOT, 'node_modules', 'tsx'))) {
    throw new AppError('not_found', "Le banc d'essai se lance depuis les sources du projet, après « npm ci » : npm run bench.")
  }
  const args: string[] = []
  if (typeof values.scale === 'string') args.push('--scale', values.scale)
  if (typeof values.backend === 'string') args.push('--backend', values.backend)
  if (typeof values.json === 'string') args.push('--json', path.resolve(values.json))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
}
