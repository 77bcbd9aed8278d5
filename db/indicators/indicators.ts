import { z } from 'zod'
import { AppError } from '../errors'
import { checkVersion } from '../versions'
import { isoDate } from '../fields'
import { todayIso } from '../rules/dates'
import { formatInteger } from '../rules/format'
import { KEY_INDICATORS, PLANNED_KEY } from '../rules/indicator-keys'
import { previousSchoolYear } from '../rules/school-year'
import type { Db } from '../schema'
import { distinctActors, engagements, indicatorValue, periodBounds, pupilsReached, type Bounds } from './compute'
import { sessionsWithProgramme } from '../programmes/common'

// The indicator catalogue with its values, targets and narratives; the dashboard's breakdowns;
// the town view. All figures come from compute.ts, so the dashboard, the town view and the funder
// report always agree.

export const periodSchema = z.string().regex(/^\d{4}(-\d{4})?$/, 'Période attendue : 2025-2026 ou 2025')

/** `version`: the version of the target (of the value, of the narrative) the form saw, null when there was none (db/versions.ts). */
const keyedVersion = z.number().int().positive().nullable().optional()

export const targetInput = z.object({ indicatorCode: z.string().min(1), period: periodSchema, target: z.number().min(0).nullable(), version: keyedVersion })
export const valueInput = z.object({
  indicatorCode: z.string().min(1),
  period: periodSchema,
  value: z.number().nullable(),
  source: z.string().trim().min(1, 'Indiquez la source (enquête, relevé…)').max(300).optional(),
  measuredOn: isoDate.optional(),
  notes: z.string().max(2000).nullable().optional(),
  version: keyedVersion,
})
export const narrativeInput = z.object({ dimensionCode: z.string().min(1), period: periodSchema, text: z.string().max(50_000, `Un récit a ${formatInteger(50_000)} caractères au plus`), version: keyedVersion })

/** The calendar year a school year mostly falls in, and the reverse, for indicators of the other kind. */
function periodFor(kind: 'school_year' | 'calendar_year', period: string): string {
  if (kind === 'school_year') return /^\d{4}$/.test(period) ? `${Number(period) - 1}-${period}` : period
  return /^\d{4}-\d{4}$/.test(period) ? period.slice(5) : period
}

export async function indicatorTable(db: Db, period: string) {
  periodBounds(period)
  const catalogue = await db
    .selectFrom('indicators as i')
    .innerJoin('impactDimensions as d', 'd.code', 'i.dimensionCode')
    .select(['i.code', 'i.name', 'i.dimensionCode', 'd.label as dimension', 'i.unit', 'i.periodKind', 'i.source', 'i.description'])
    .where('i.active', '=', 1)
    .orderBy('d.sortOrder')
    .orderBy('i.sortOrder')
    .execute()
  const cache = {}
  const rows = []
  for (const indicator of catalogue) {
    const ownPeriod = periodFor(indicator.periodKind, period)
    const value = await indicatorValue(db, indicator.code, ownPeriod, ownPeriod === period ? cache : {})
    const target = await db.selectFrom('indicatorTargets').select(['target', 'version']).where('indicatorCode', '=', indicator.code).where('period', '=', ownPeriod).executeTakeFirst()
    const manual = indicator.source === 'manual' ? await db.selectFrom('indicatorValues').select('version').where('indicatorCode', '=', indicator.code).where('period', '=', ownPeriod).executeTakeFirst() : undefined
    rows.push({
      ...indicator,
      period: ownPeriod,
      value: value.value,
      target: target?.target ?? null,
      targetVersion: target?.version ?? null,
      valueVersion: manual?.version ?? null,
      valueSource: value.source,
      measuredOn: value.measuredOn,
      recordCount: value.records.length,
    })
  }
  const narratives = await db.selectFrom('impactNarratives').select(['dimensionCode', 'text', 'updatedAt', 'version']).where('period', '=', period).execute()
  const dimensions = await db.selectFrom('impactDimensions').select(['code', 'label', 'description']).orderBy('sortOrder').execute()
  return { period, indicators: rows, dimensions: dimensions.map((dimension) => {
      const narrative = narratives.find((row) => row.dimensionCode === dimension.code)
      return { ...dimension, narrative: narrative?.text ?? '', narrativeVersion: narrative?.version ?? null }
    }) }
}

export type IndicatorTable = Awaited<ReturnType<typeof indicatorTable>>

export async function setTarget(db: Db, input: z.input<typeof targetInput>): Promise<void> {
  const data = targetInput.parse(input)
  const current = await db.selectFrom('indicatorTargets').select('version').where('indicatorCode', '=', data.indicatorCode).where('period', '=', data.period).executeTakeFirst()
  await checkVersion(db, 'indicatorTargets', current, data.version, [data.indicatorCode, data.period])
  if (data.target === null) {
    await db.deleteFrom('indicatorTargets').where('indicatorCode', '=', data.indicatorCode).where('period', '=', data.period).execute()
    return
  }
  await db
    .insertInto('indicatorTargets')
    .values({ indicatorCode: data.indicatorCode, period: data.period, target: data.target })
    .onConflict((oc) => oc.columns(['indicatorCode', 'period']).doUpdateSet({ target: data.target! }))
    .execute()
}

export async function setManualValue(db: Db, input: z.input<typeof valueInput>): Promise<void> {
  const data = valueInput.parse(input)
  const indicator = await db.selectFrom('indicators').select(['source', 'name']).where('code', '=', data.indicatorCode).executeTakeFirst()
  if (!indicator) throw new AppError('not_found', 'Indicateur inconnu.')
  if (indicator.source !== 'manual') throw new AppError('invalid_input', `« ${indicator.name} » est calculé à partir des données : sa valeur ne se saisit pas.`)
  const current = await db.selectFrom('indicatorValues').select(['id', 'version']).where('indicatorCode', '=', data.indicatorCode).where('period', '=', data.period).executeTakeFirst()
  await checkVersion(db, 'indicatorValues', current, data.version, [data.indicatorCode, data.period])
  if (data.value === null) {
    await db.deleteFrom('indicatorValues').where('indicatorCode', '=', data.indicatorCode).where('period', '=', data.period).execute()
    return
  }
  if (!data.source || !data.measuredOn) throw new AppError('invalid_input', 'Indiquez la source et la date de la mesure.')
  const row = { value: data.value, source: data.source, measuredOn: data.measuredOn, notes: data.notes ?? null }
  await db
    .insertInto('indicatorValues')
    .values({ indicatorCode: data.indicatorCode, period: data.period, ...row })
    .onConflict((oc) => oc.columns(['indicatorCode', 'period']).doUpdateSet(row))
    .execute()
}

export async function setNarrative(db: Db, input: z.input<typeof narrativeInput>): Promise<void> {
  const data = narrativeInput.parse(input)
  const current = await db.selectFrom('impactNarratives').select('version').where('dimensionCode', '=', data.dimensionCode).where('period', '=', data.period).executeTakeFirst()
  await checkVersion(db, 'impactNarratives', current, data.version, [data.dimensionCode, data.period])
  await db
    .insertInto('impactNarratives')
    .values({ dimensionCode: data.dimensionCode, period: data.period, text: data.text })
    .onConflict((oc) => oc.columns(['dimensionCode', 'period']).doUpdateSet({ text: data.text, updatedAt: new Date().toISOString() }))
    .execute()
}

/** The key figures over several school years (oldest first); `running`: the year not over yet, if shown. */
export async function evolution(db: Db, lastYear: string, years = 6) {
  const periods: string[] = [lastYear]
  while (periods.length < years) periods.unshift(previousSchoolYear(periods[0]!))
  const names = new Map((await db.selectFrom('indicators').select(['code', 'name']).execute()).map((row) => [row.code, row.name]))
  const series = []
  for (const period of periods) {
    const cache = {}
    const values: Record<string, number | null> = {}
    for (const code of KEY_INDICATORS) values[code] = (await indicatorValue(db, code, period, cache)).value
    series.push({ period, ...values })
  }
  const today = todayIso()
  const running = periods.find((period) => periodBounds(period).start <= today && today <= periodBounds(period).end) ?? null
  return { periods, running, indicators: KEY_INDICATORS.map((code) => ({ code, name: names.get(code) ?? code })), series }
}

async function townNames(db: Db) {
  return db.selectFrom('towns').select(['inseeCode', 'name', 'population']).orderBy('sortOrder').execute()
}

/** Engaged actors and pupils reached by town; engaged actors by profile. */
export async function breakdowns(db: Db, period: string) {
  const bounds = periodBounds(period)
  const actors = distinctActors(await engagements(db, bounds))
  const pupils = await pupilsReached(db, bounds)
  const towns = await townNames(db)
  const profiles = await db.selectFrom('actorProfiles').select(['code', 'label']).orderBy('sortOrder').execute()
  const byTown = towns.map((town) => ({
    code: town.inseeCode,
    name: town.name,
    population: town.population,
    actors: actors.filter((actor) => actor.townCode === town.inseeCode).length,
    pupils: pupils.byTown.get(town.inseeCode) ?? 0,
  }))
  const outside = { actors: actors.filter((actor) => !actor.townCode).length, pupils: pupils.byTown.get(null) ?? 0 }
  // Organisations and people apart: the « Entreprises engagées » figure counts organisations only.
  const byProfile = profiles.map((profile) => {
    const ofProfile = actors.filter((actor) => actor.profileCode === profile.code)
    const organisations = ofProfile.filter((actor) => actor.key.startsWith('o')).length
    return { code: profile.code, label: profile.label, actors: ofProfile.length, organisations, people: ofProfile.length - organisations }
  })
  return { period, byTown, outside, byProfile, totalActors: actors.length, totalPupils: pupils.value ?? 0 }
}

/** Programme sessions per month of the school year: held ones by programme (as « Séances réalisées » counts them), planned ones apart. */
export async function programmeActivity(db: Db, period: string) {
  const bounds = periodBounds(period)
  const rows = await sessionsWithProgramme(db)
    .select(['s.heldOn', 's.status', 'g.code', 'g.name'])
    .where('s.heldOn', '>=', bounds.start)
    .where('s.heldOn', '<=', bounds.end)
    .where('s.status', '!=', 'annulee')
    .execute()
  const months: string[] = []
  for (let date = new Date(`${bounds.start}T00:00:00Z`); date.toISOString().slice(0, 10) <= bounds.end; date.setUTCMonth(date.getUTCMonth() + 1)) {
    months.push(date.toISOString().slice(0, 7))
  }
  const programmes = [...new Map(rows.map((row) => [row.code, row.name])).entries()].map(([code, name]) => ({ code, name }))
  const held = rows.filter((row) => row.status === 'realisee')
  const series = months.map((month) => {
    const entry: Record<string, string | number> = { month }
    for (const programme of programmes) entry[programme.code] = held.filter((row) => row.code === programme.code && row.heldOn.startsWith(month)).length
    entry[PLANNED_KEY] = rows.filter((row) => row.status === 'planifiee' && row.heldOn.startsWith(month)).length
    return entry
  })
  return { period, programmes, series }
}

function inBounds(bounds: Bounds) {
  return <T extends { where: (...args: any[]) => T }>(query: T, column: string) => query.where(column, '>=', bounds.start).where(column, '<=', bounds.end)
}

/** Everything about one town, against the territory, for an elected official. */
export async function townView(db: Db, inseeCode: string, period: string) {
  const town = await db.selectFrom('towns').select(['inseeCode', 'name', 'population']).where('inseeCode', '=', inseeCode).executeTakeFirst()
  if (!town) throw new AppError('not_found', `Commune inconnue du territoire : ${inseeCode}.`)
  const bounds = periodBounds(period)
  const within = inBounds(bounds)
  const territory = await breakdowns(db, period)
  const here = territory.byTown.find((row) => row.code === inseeCode)!
  const territoryPopulation = territory.byTown.reduce((total, row) => total + row.population, 0)
  const byProfile = await db
    .selectFrom('organisations')
    .select((eb) => ['profileCode', eb.fn.countAll<number>().as('total'), eb.fn.sum<number>(eb.case().when('status', '=', 'vitawiner').then(1).else(0).end()).as('vitawiners')])
    .where('townCode', '=', inseeCode)
    .groupBy('profileCode')
    .execute()
  const schools = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'uai', 'status'])
    .where('townCode', '=', inseeCode)
    .where('profileCode', '=', 'education')
    .orderBy('name')
    .execute()
  const engagedActors = distinctActors(await engagements(db, bounds))
    .filter((actor) => actor.townCode === inseeCode)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
  const sessions = await within(
    sessionsWithProgramme(db)
      .leftJoin('sessionClasses as c', 'c.sessionId', 's.id')
      .leftJoin('organisations as school', 'school.id', 'c.schoolId')
      .select(['s.id', 's.heldOn', 's.status', 's.place', 's.pupilsCount', 'q.title', 'g.name as programme', 'e.id as editionId'])
      .where((eb) => eb.or([eb('s.townCode', '=', inseeCode), eb('school.townCode', '=', inseeCode)]))
      .distinct(),
    's.heldOn',
  )
    .orderBy('s.heldOn')
    .execute()
  const internships = await within(
    db
      .selectFrom('placements as x')
      .innerJoin('organisations as o', 'o.id', 'x.hostOrganisationId')
      .select(['x.id', 'x.kind', 'x.startedOn', 'x.status', 'o.id as hostId', 'o.name as host'])
      .where('o.townCode', '=', inseeCode)
      .where('x.status', '!=', 'annule'),
    'x.startedOn',
  )
    .orderBy('x.startedOn')
    .execute()
  const meetings = await within(
    db
      .selectFrom('groupMeetings as r')
      .innerJoin('workingGroups as w', 'w.id', 'r.groupId')
      .select(['r.id', 'r.heldOn', 'r.place', 'w.name', 'w.id as groupId'])
      .where((eb) => eb.exists(eb.selectFrom('meetingAttendance as a').innerJoin('organisations as o', 'o.id', 'a.organisationId').select('a.id').whereRef('a.meetingId', '=', 'r.id').where('o.townCode', '=', inseeCode))),
    'r.heldOn',
  )
    .orderBy('r.heldOn')
    .execute()
  const share = (value: number, total: number) => (total > 0 ? Math.round((value / total) * 1000) / 10 : 0)
  return {
    town,
    period,
    figures: [
      { label: 'Acteurs engagés', town: here.actors, territory: territory.totalActors, share: share(here.actors, territory.totalActors) },
      { label: 'Élèves accompagnés', town: here.pupils, territory: territory.totalPupils, share: share(here.pupils, territory.totalPupils) },
      { label: 'Population', town: town.population, territory: territoryPopulation, share: share(town.population, territoryPopulation) },
      { label: 'Stages et alternances trouvés', town: internships.length, territory: null, share: null },
      { label: 'Séances de programmes', town: sessions.length, territory: null, share: null },
    ],
    pupilsPerThousand: town.population > 0 ? Math.round((here.pupils / town.population) * 10000) / 10 : 0,
    territoryPupilsPerThousand: territoryPopulation > 0 ? Math.round((territory.totalPupils / territoryPopulation) * 10000) / 10 : 0,
    byProfile: byProfile.map((row) => ({ profileCode: row.profileCode, total: Number(row.total), vitawiners: Number(row.vitawiners ?? 0) })),
    schools,
    engagedActors,
    sessions,
    internships,
    meetings,
  }
}

export type TownView = Awaited<ReturnType<typeof townView>>

/** A figure per town for the map. */
export async function mapFigures(db: Db, period: string) {
  const data = await breakdowns(db, period)
  const directory = await db
    .selectFrom('organisations')
    .select((eb) => ['townCode', eb.fn.countAll<number>().as('organisations'), eb.fn.sum<number>(eb.case().when('status', '=', 'vitawiner').then(1).else(0).end()).as('vitawiners')])
    .where('townCode', 'is not', null)
    .groupBy('townCode')
    .execute()
  return data.byTown.map((town) => {
    const row = directory.find((item) => item.townCode === town.code)
    return {
      ...town,
      organisations: Number(row?.organisations ?? 0),
      vitawiners: Number(row?.vitawiners ?? 0),
      pupilsPerThousand: town.population > 0 ? Math.round((town.pupils / town.population) * 10000) / 10 : 0,
    }
  })
}
