import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../../errors'
import { todayIso } from '../../rules/dates'
import { SMALL_ACTORS, TERRITORY_ACTORS, seedActors } from './actors'
import { seedGroupsAndCopil } from './groups-copil'
import { seedProgrammes } from './programmes'
import { seedIndicators } from './indicators'
import { createRandom } from './random'
import { withoutAudit } from '../../audit/context'
import { describeRecords, holdsRecords } from '../maintenance'

// The demo dataset: realistic, clearly fictional, reproducible (fixed seed). Each domain adds its
// part here.

export type DemoScale = 'small' | 'territory'

export interface DemoOptions {
  scale?: DemoScale
  seed?: number
  /** The « today » the dataset is built around (dates of interactions, follow-ups). */
  today?: string
  onProgress?: (phase: string, done: number, total: number) => void
}

export interface DemoSummary {
  organisations: number
  people: number
  interactions: number
}

/** The demo is never mixed with real data: it goes into an empty database only. */
export function demoRefusal(holds: string, instead: string): AppError {
  return new AppError('conflict', `Cette base contient déjà des données (${holds}) : les données de démonstration ne s'ajoutent qu'à une base vide, pour ne jamais se mêler à de vraies données. ${instead}`)
}

export function generateDemo(sqlite: BetterSqlite3.Database, options: DemoOptions = {}): DemoSummary {
  if (holdsRecords(sqlite)) throw demoRefusal(describeRecords(sqlite), 'Indiquez un autre fichier (--db), ou ouvrez la démonstration depuis l’application.')
  const random = createRandom(options.seed ?? 20261123)
  const today = options.today ?? todayIso()
  const progress = options.onProgress ?? (() => undefined)
  const scale = options.scale === 'territory' ? TERRITORY_ACTORS : SMALL_ACTORS
  const run = sqlite.transaction(() => {
    const actors = seedActors(sqlite, random, scale, today, progress)
    progress('Groupes de travail et COPIL', 0, 1)
    seedGroupsAndCopil(sqlite, random, actors, today)
    progress('Programmes, stages et mentorat', 0, 1)
    seedProgrammes(sqlite, random, actors, today)
    seedIndicators(sqlite, today)
  })
  // Fictional data: not recorded in the audit trail.
  withoutAudit(run)
  const count = (table: string) => sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number
  return { organisations: count('organisations'), people: count('people'), interactions: count('interactions') }
}
