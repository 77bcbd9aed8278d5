import fs from 'node:fs'
import path from 'node:path'
import { periodBounds } from '../../db/indicators/compute'
import { AppError } from '../../db/errors'
import { writeFunderReport } from '../indicators/funder-report'
import { type ActorCommandContext, withStore } from './actors'
import { numberFormat } from './terminal'

export async function exportFunderCommand({ target, values }: ActorCommandContext): Promise<number> {
  const out = values.out
  const period = values.period
  if (typeof out !== 'string' || !out) throw new AppError('invalid_input', 'Indiquez le fichier à écrire : --out <fichier.xlsx>.')
  if (typeof period !== 'string' || !period) throw new AppError('invalid_input', 'Indiquez la période : --period 2025-2026 (année scolaire) ou --period 2025.')
  periodBounds(period)
  return withStore(target, async (store) => {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    const started = Date.now()
    const result = await writeFunderReport(store.db, period, path.resolve(out))
    console.log(`Rapport ${period} écrit dans ${path.resolve(out)} (${numberFormat.format(result.rows)} lignes, ${Date.now() - started} ms).`)
    return 0
  })
}
