import fs from 'node:fs'
import path from 'node:path'
import { findSessionByReference, latestSession } from '../../db/copil/copil'
import { AppError } from '../../db/errors'
import { todayIso } from '../../db/rules/dates'
import { writeCopilPack } from '../copil/pack'
import { type ActorCommandContext, withStore } from './actors'
import { numberFormat } from './terminal'

export async function exportCopilCommand({ target, values }: ActorCommandContext): Promise<number> {
  const out = values.out
  const wanted = values.session
  if (typeof out !== 'string' || !out) throw new AppError('invalid_input', 'Indiquez le fichier à écrire : --out <fichier.xlsx>.')
  if (typeof wanted !== 'string' || !wanted) throw new AppError('invalid_input', 'Indiquez la séance : --session <référence, par ex. COPIL-2026-03> ou --session latest.')
  return withStore(target, async (store) => {
    const session = wanted === 'latest' ? await latestSession(store.db) : await findSessionByReference(store.db, wanted)
    if (!session) throw new AppError('not_found', wanted === 'latest' ? "Aucune séance du COPIL n'est enregistrée." : `Séance introuvable : « ${wanted} ».`)
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    const result = await writeCopilPack(store.db, session.id, path.resolve(out), todayIso())
    console.log(`Dossier de la séance ${result.reference} écrit dans ${path.resolve(out)} (${numberFormat.format(result.rows)} lignes).`)
    return 0
  })
}
