import type BetterSqlite3 from 'better-sqlite3'
import { currentSchoolYear, previousSchoolYear } from '../../rules/school-year'

// Targets, survey results and narratives of the demo dataset, for the last school years.

const TARGETS: Record<string, number> = {
  eleves_touches: 250,
  acteurs_engages: 150,
  communes_couvertes: 13,
  entreprises_engagees: 60,
  stages_trouves: 40,
  mentors: 10,
  seances_realisees: 30,
  nouveaux_vitawiners: 25,
}

const NARRATIVES: Record<string, string> = {
  performance:
    "Les établissements ont structuré leurs relations avec les entreprises (un référent Q2ER par lycée) ; les entreprises du club trouvent dans le réseau un outil de cohésion. (Texte fictif de démonstration.)",
  innovation:
    "Nouvelles méthodes de travail : visites d'entreprises dédiées aux professeurs, ateliers de co-construction en tiers-lieux. (Texte fictif de démonstration.)",
  confiance:
    "Les acteurs se connaissent mieux et se sollicitent directement ; des coopérations naissent sans l'intermédiaire de PEMB. (Texte fictif de démonstration.)",
}

export function seedIndicators(sqlite: BetterSqlite3.Database, today: string): void {
  const insertTarget = sqlite.prepare('insert or replace into indicator_targets (indicator_code, period, target) values (?, ?, ?)')
  const insertValue = sqlite.prepare(
    'insert or replace into indicator_values (indicator_code, period, value, source, measured_on) values (?, ?, ?, ?, ?)',
  )
  const insertNarrative = sqlite.prepare('insert or replace into impact_narratives (dimension_code, period, text) values (?, ?, ?)')
  let year = currentSchoolYear(new Date(`${today}T12:00:00Z`))
  for (let n = 0; n < 4; n++) {
    for (const [code, target] of Object.entries(TARGETS)) insertTarget.run(code, year, target)
    if (n > 0) insertValue.run('satisfaction_partenaires', year, 80 + n * 3, `Enquête annuelle auprès des partenaires (fictive), juin ${year.slice(5)}`, `${year.slice(5)}-06-30`)
    for (const [dimension, text] of Object.entries(NARRATIVES)) insertNarrative.run(dimension, year, text)
    insertValue.run('nouvelles_cooperations', year.slice(5), 5 + n, 'Relevé des animateurs (fictif)', `${year.slice(5)}-07-15`)
    year = previousSchoolYear(year)
  }
}
