import { z } from 'zod'
import { indicatorValue } from '../../db/indicators/compute'
import { breakdowns, evolution, indicatorTable, mapFigures, narrativeInput, periodSchema, programmeActivity, setManualValue, setNarrative, setTarget, targetInput, townView, valueInput } from '../../db/indicators/indicators'
import { currentSchoolYear } from '../../db/rules/school-year'
import { writeFunderReport } from '../indicators/funder-report'
import { handler, mutation } from './define'
import { tableColumns } from '../files/table-output'

const period = periodSchema.optional()
const withPeriod = z.object({ period }).optional()
const resolve = (value: string | undefined) => value ?? currentSchoolYear()

export const indicatorHandlers = {
  'indicators.table': handler(withPeriod, { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'copilDecisions', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs', 'indicatorValues', 'indicatorTargets', 'impactNarratives'] }, ({ store }, args) => indicatorTable(store.db, resolve(args?.period))),
  'indicators.records': handler(z.object({ code: z.string().min(1), period: periodSchema }), { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'placements', 'mentoringPairs'] }, ({ store }, { code, period: value }) => indicatorValue(store.db, code, value)),
  'indicators.setTarget': mutation(targetInput, { label: 'Cible d’indicateur modifiée' }, ({ store }, input) => store.db.transaction().execute((trx) => setTarget(trx, input))),
  'indicators.setValue': mutation(valueInput, { label: 'Valeur d’indicateur saisie' }, ({ store }, input) => store.db.transaction().execute((trx) => setManualValue(trx, input))),
  'indicators.setNarrative': mutation(narrativeInput, { label: 'Récit d’impact modifié' }, ({ store }, input) => store.db.transaction().execute((trx) => setNarrative(trx, input))),

  'dashboard.figures': handler(withPeriod, { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'copilDecisions', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs', 'indicatorValues', 'indicatorTargets', 'impactNarratives'] }, async ({ store }, args) => {
    const current = resolve(args?.period)
    const [table, trend, split, activity] = [await indicatorTable(store.db, current), await evolution(store.db, current), await breakdowns(store.db, current), await programmeActivity(store.db, current)]
    return { period: current, table, evolution: trend, breakdowns: split, activity }
  }),
  'indicators.map': handler(withPeriod, { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs'] }, ({ store }, args) => mapFigures(store.db, resolve(args?.period))),
  'indicators.town': handler(z.object({ inseeCode: z.string().regex(/^\d[\dAB]\d{3}$/), period }), { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs'] }, ({ store }, args) => townView(store.db, args.inseeCode, resolve(args.period))),

  'indicators.exportTown': handler(z.object({ inseeCode: z.string().regex(/^\d[\dAB]\d{3}$/), period }), { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs'] }, async ({ store, files }, args) => {
    const view = await townView(store.db, args.inseeCode, resolve(args.period))
    return files.writeWorkbook(`vitawin-${view.town.name}-${view.period}.xlsx`, [
      {
        name: 'Chiffres',
        title: `${view.town.name} — réseau Vitawin, ${view.period}`,
        columns: tableColumns(
          ['Indicateur', 'label', 'text', 36],
          [view.town.name, 'town', 'integer', 18],
          ['Territoire', 'territory', 'integer', 14],
          ['Part de la commune', 'share', 'percent', 18],
        ),
        rows: view.figures.map((figure) => ({ ...figure, share: figure.share === null ? null : figure.share / 100 })),
      },
      {
        name: 'Acteurs engagés',
        columns: tableColumns(
          ['Acteur', 'name', 'text', 40],
          ['Première participation', 'date', 'date'],
          ['Participation', 'how', 'text', 50],
        ),
        rows: view.engagedActors.map((actor) => ({ ...actor })),
      },
      {
        name: 'Établissements',
        columns: tableColumns(
          ['Établissement', 'name', 'text', 40],
          ['UAI', 'uai', 'text', 12],
        ),
        rows: view.schools.map((school) => ({ ...school })),
      },
      {
        name: 'Séances',
        columns: tableColumns(
          ['Date', 'heldOn', 'date'],
          ['Programme', 'programme', 'text', 34],
          ['Séquence', 'title', 'text', 34],
          ['Élèves', 'pupilsCount', 'integer'],
        ),
        rows: view.sessions.map((session) => ({ ...session })),
      },
      {
        name: 'Stages',
        columns: tableColumns(
          ['Début', 'startedOn', 'date'],
          ['Structure d’accueil', 'host', 'text', 40],
          ['Type', 'kind', 'text', 16],
        ),
        rows: view.internships.map((row) => ({ ...row })),
      },
    ])
  }),

  'indicators.exportFunder': handler(z.object({ period: periodSchema }), { reads: ['organisations', 'people', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAttendance', 'copilDecisions', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs', 'indicatorValues', 'indicatorTargets', 'impactNarratives'] }, async ({ store, files }, { period: value }) => {
    return files.writeOutput(`rapport-financeurs-vitawin-${value}.xlsx`, (file) =>
      writeFunderReport(store.db, value, file),
    )
  }),
}
