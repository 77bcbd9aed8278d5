import { distinctActors, engagements, indicatorValue, periodBounds } from '../../db/indicators/compute'
import { breakdowns, indicatorTable } from '../../db/indicators/indicators'
import { PROGRAMME_SESSION_STATUS } from '../../db/rules/programme-values'
import { isSchoolYear, previousSchoolYear } from '../../db/rules/school-year'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'

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
  const sessions = await db
    .selectFrom('sequenceSessions as s')
    .innerJoin('sequences as q', 'q.id', 's.sequenceId')
    .innerJoin('editions as e', 'e.id', 'q.editionId')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
    .select(['g.name as programme', 'e.title as edition', 'e.schoolYear', 'q.stepOrder', 'q.title', 's.heldOn', 's.place', 's.townCode', 's.status', 's.pupilsCount', 's.teachersCount', 's.interventionHours', 's.satisfaction'])
    .where('s.heldOn', '>=', bounds.start)
    .where('s.heldOn', '<=', bounds.end)
    .orderBy('s.heldOn')
    .execute()
  const participations = (await engagements(db, bounds)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name, 'fr')))
  const dimensionsRows = table.dimensions.map((dimension) => ({ dimension: dimension.label, narrative: dimension.narrative || '(récit à rédiger dans l’écran Indicateurs)' }))

  return writeTableWorkbook(file, [
    {
      name: 'Synthèse',
      title: `Réseau Vitawin — Paris Est Marne et Bois — bilan ${isSchoolYear(period) ? `de l'année scolaire ${period}` : `de l'année ${period}`}`,
      columns: [
        { header: 'Dimension', key: 'dimension', type: 'text', width: 16 },
        { header: 'Indicateur', key: 'name', type: 'text', width: 44 },
        { header: 'Valeur', key: 'value', type: 'decimal', width: 12 },
        { header: 'Cible', key: 'target', type: 'decimal', width: 12 },
        { header: 'Atteinte de la cible', key: 'reached', type: 'percent', width: 18 },
        { header: 'Unité', key: 'unit', type: 'text', width: 14 },
        { header: 'Source', key: 'source', type: 'text', width: 34 },
      ],
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
      columns: [
        { header: 'Indicateur', key: 'name', type: 'text', width: 44 },
        { header: 'Dimension', key: 'dimension', type: 'text', width: 16 },
        { header: 'Unité', key: 'unit', type: 'text', width: 14 },
        ...periods.map((each, index) => ({ header: each, key: `p${index}`, type: 'decimal' as const, width: 12 })),
      ],
      rows: history,
    },
    {
      name: 'Actions',
      columns: [
        { header: 'Programme', key: 'programme', type: 'text', width: 34 },
        { header: 'Édition', key: 'edition', type: 'text', width: 20 },
        { header: 'Année scolaire', key: 'schoolYear', type: 'text', width: 14 },
        { header: 'Étape', key: 'stepOrder', type: 'integer', width: 8 },
        { header: 'Séquence', key: 'title', type: 'text', width: 34 },
        { header: 'Date', key: 'heldOn', type: 'date' },
        { header: 'Lieu', key: 'place', type: 'text', width: 24 },
        { header: 'Commune', key: 'town', type: 'text', width: 20 },
        { header: 'Statut', key: 'status', type: 'text' },
        { header: 'Élèves', key: 'pupilsCount', type: 'integer' },
        { header: 'Enseignants', key: 'teachersCount', type: 'integer' },
        { header: "Heures d'intervention", key: 'interventionHours', type: 'decimal' },
        { header: 'Satisfaction (sur 5)', key: 'satisfaction', type: 'decimal' },
      ],
      rows: sessions.map((row) => ({ ...row, town: row.townCode ? townLabels.get(row.townCode) : null, status: PROGRAMME_SESSION_STATUS.label(row.status) })),
    },
    {
      name: 'Acteurs par commune et profil',
      title: `Acteurs engagés par commune et par profil — ${period}`,
      columns: [
        { header: 'Commune', key: 'town', type: 'text', width: 32 },
        ...split.byProfile.map((profile) => ({ header: profile.label, key: profile.code, type: 'integer' as const, width: 14 })),
        { header: 'Total', key: 'total', type: 'integer', width: 10 },
      ],
      rows: crossRows,
    },
    {
      name: 'Participations',
      columns: [
        { header: 'Date', key: 'date', type: 'date' },
        { header: 'Acteur', key: 'name', type: 'text', width: 40 },
        { header: 'Profil', key: 'profile', type: 'text', width: 20 },
        { header: 'Commune', key: 'town', type: 'text', width: 22 },
        { header: 'Participation', key: 'how', type: 'text', width: 50 },
      ],
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
