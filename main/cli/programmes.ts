import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../db/errors'
import { findEdition } from '../../db/programmes/editions'
import { writeEditionWorkbook } from '../programmes/export'
import { type ActorCommandContext, withStore } from './actors'
import { numberFormat } from './terminal'

/** `export programme --edition <id|latest> [--programme <code>] --out <file.xlsx>` */
export async function exportProgrammeCommand({ target, values }: ActorCommandContext): Promise<number> {
  const out = values.out
  const wanted = values.edition
  const programme = typeof values.programme === 'string' && values.programme ? values.programme : null
  if (typeof out !== 'string' || !out) throw new AppError('invalid_input', 'Indiquez le fichier à écrire : --out <fichier.xlsx>.')
  if (typeof wanted !== 'string' || !wanted) {
    throw new AppError('invalid_input', "Indiquez l'édition : --edition <numéro> ou --edition latest (la plus récente, Q2ER d'abord ; --programme <code> pour un autre programme).")
  }
  return withStore(target, async (store) => {
    const edition = await findEdition(store.db, wanted, programme)
    if (!edition) {
      throw new AppError(
        'not_found',
        wanted === 'latest'
          ? `Aucune édition${programme ? ` du programme « ${programme} »` : ''} n'est enregistrée.`
          : `Édition introuvable : « ${wanted} »${programme ? ` (programme « ${programme} »)` : ''}.`,
      )
    }
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    const result = await writeEditionWorkbook(store.db, edition.id, path.resolve(out))
    console.log(`Édition « ${result.title} » écrite dans ${path.resolve(out)} (${numberFormat.format(result.rows)} lignes).`)
    return 0
  })
}
