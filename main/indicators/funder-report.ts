import { distinctActors, engagements, indicatorValue, periodBounds } from '../../db/indicators/compute'
import { breakdowns, indicatorTable } from '../../db/indicators/indicators'
import { PROGRAMME_SESSION_STATUS } from '../../db/rules/programme-values'
import { isSchoolYear, previousSchoolYear } from '../../db/rules/school-year'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { SESSION_FIGURE_COLUMNS } from '../programmes/export'
import { tableColumns } from '../files/table-output'
import { sessionsWithProgramme } from '../../db/programmes/common'

// The funder report (e.g. for the Fonds ODD17): one workbook for a period, readable without the
// app, whose figures are those of the dashboard (same computations).

export async function writeFunderReport(db: Db, period: string, file: string): Promise<{ rows: number }> {
  const bounds = periodBounds(period)
  const table = await indicatorTable(db, period)
  const periods = isSchoolYear(period) ? [previousSchoolYear(previousSchoolYear(period)), previousSchoolYear(period), period] : [String(Number(period) - 2), String(Number(period) - 1), period]
  const history: Record<string, unknown>[] = []
  for (const row of table.indicators) {
    const entry: Record<string, unknown> = { name: row.name, dimension: row.dimension, unit: row.unit }
    for (const [index, each] of periods.entries()) {
      const own = row.periodKind === 'calendar_year' && isSchoolYear(each) ? each.slice(5) : each
      entry[`p${index}`] = (await indicatorValue(db, row.code, own)).value
    }
    history.push(entry)
  }
  const split = await breakdowns(db, period)
  const actors = distinctActors(await engagements(db, bounds))
  const profileLabels = new Map((await db.selectFrom('actorProfiles').select(['code', 'label']).execute()).map((row) => [row.code, row.label]))
  const townLabels = new Map((await db.selectFrom('towns').select(['inseeCode', 'name']).execute()).map((row) => [row.inseeCode, row.name]))
  const crossRows = [...split.byTown.map((town) => ({ code: town.code, name: town.name })), { code: null, name: 'Hors territoire ou non renseignée' }].map((town) => {
    const entry: Record<string, unknown> = { town: town.name }
    let total = 0
    for (const profile of split.byProfile) {
      const count = actors.filter((actor) => actor.townCode === town.code && actor.profileCode === profile.code).length
      entry[profile.code] = count
      total += count
    }
    entry.total = total
    return entry
  })
  const sessions = await sessionsWithProgramme(db)
    .select(['g.name as programme', 'e.title as edition', 'e.schoolYear', 'q.stepOrder', 'q.title', 's.heldOn', 's.place', 's.townCode', 's.status', 's.pupilsCount', 's.teachersCount', 's.interventionHours', 's.satisfaction'])
    .where('s.heldOn', '>=', bounds.start)
    .where('s.heldOn', '<=', bounds.end)
    .orderBy('s.heldOn')
    // Sessions of one day in one order on either engine (PostgreSQL gives ties in no set order).
    .orderBy('s.id')
    .execute()
  // By date, actor and what they took part in: one order on either engine (the engagements come in none).
  const participations = (await engagements(db, bounds)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name, 'fr') || a.how.localeCompare(b.how, 'fr')))
  const dimensionsRows = table.dimensions.map((dimension) => ({ dimension: dimension.label, narrative: dimension.narrative || '(récit à rédiger dans l’écran Indicateurs)' }))

  return writeTableWorkbook(file, [
    {
      name: 'Synthèse',
      title: `Réseau Vitawin — Paris Est Marne et Bois — bilan ${isSchoolYear(period) ? `de l'année scolaire ${period}` : `de l'année ${period}`}`,
      columns: tableColumns(
        ['Dimension', 'dimension', 'text', 16],
        ['Indicateur', 'name', 'text', 44],
        ['Valeur', 'value', 'decimal', 12],
        ['Cible', 'target', 'decimal', 12],
        ['Atteinte de la cible', 'reached', 'percent', 18],
        ['Unité', 'unit', 'text', 14],
        ['Source', 'source', 'text', 34],
      ),
      rows: [
        ...table.indicators.map((row) => ({
          dimension: row.dimension,
          name: row.name,
          value: row.value,
          target: row.target,
          reached: row.value !== null && row.target ? row.value / row.target : null,
          unit: row.unit,
          source: row.source === 'manual' ? (row.valueSource ?? 'Saisie manuelle (non renseignée)') : 'Calculé à partir des données',
        })),
        {},
        ...dimensionsRows.map((row) => ({ dimension: row.dimension, name: row.narrative })),
      ],
    },
    {
      name: 'Indicateurs',
      columns: tableColumns(
        ['Indicateur', 'name', 'text', 44],
        ['Dimension', 'dimension', 'text', 16],
        ['Unité', 'unit', 'text', 14],
        ...periods.map((each, index) => ({ header: each, key: `p${index}`, type: 'decimal' as const, width: 12 })),
      ),
      rows: history,
    },
    {
      name: 'Actions',
      columns: tableColumns(
        ['Programme', 'programme', 'text', 34],
        ['Édition', 'edition', 'text', 20],
        ['Année scolaire', 'schoolYear', 'text', 14],
        ['Étape', 'stepOrder', 'integer', 8],
        ['Séquence', 'title', 'text', 34],
        ['Date', 'heldOn', 'date'],
        ['Lieu', 'place', 'text', 24],
        ['Commune', 'town', 'text', 20],
        ['Statut', 'status', 'text'],
        ...SESSION_FIGURE_COLUMNS,
      ),
      rows: sessions.map((row) => ({ ...row, town: row.townCode ? townLabels.get(row.townCode) : null, status: PROGRAMME_SESSION_STATUS.label(row.status) })),
    },
    {
      name: 'Acteurs par commune et profil',
      title: `Acteurs engagés par commune et par profil — ${period}`,
      columns: tableColumns(
        ['Commune', 'town', 'text', 32],
        ...split.byProfile.map((profile) => ({ header: profile.label, key: profile.code, type: 'integer' as const, width: 14 })),
        ['Total', 'total', 'integer', 10],
      ),
      rows: crossRows,
    },
    {
      name: 'Participations',
      columns: tableColumns(
        ['Date', 'date', 'date'],
        ['Acteur', 'name', 'text', 40],
        ['Profil', 'profile', 'text', 20],
        ['Commune', 'town', 'text', 22],
        ['Participation', 'how', 'text', 50],
      ),
      rows: participations.map((row) => ({
        date: row.date,
        name: row.name,
        profile: profileLabels.get(row.profileCode) ?? row.profileCode,
        town: row.townCode ? (townLabels.get(row.townCode) ?? row.townCode) : null,
        how: row.how,
      })),
    },
  ])
}
