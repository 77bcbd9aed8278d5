import { programmeShortName } from '../rules/programme-values'
import type { Db } from '../schema'
import { sessionDetails } from './sessions'
import { sessionsWithProgramme } from './common'

// The programmes' calendar: sessions to come, and past ones whose results remain to be recorded.

/**
 * The sessions to come across programmes (from `today`), and the past ones still « planned »
 * whose counts and feedback remain to be recorded.
 */
export async function listCalendar(db: Db, options: { today: string; programmeId?: number | null; until?: string | null }) {
  const base = () => {
    let query = sessionsWithProgramme(db)
      .leftJoin('towns as t', 't.inseeCode', 's.townCode')
      .select([
        's.id',
        's.heldOn',
        's.place',
        's.townCode',
        't.name as townName',
        's.status',
        's.pupilsCount',
        'q.id as sequenceId',
        'q.stepOrder',
        'q.title as sequenceTitle',
        'e.id as editionId',
        'e.title as editionTitle',
        'g.code as programmeCode',
        'g.name as programmeName',
      ])
    if (options.programmeId) query = query.where('e.programmeId', '=', options.programmeId)
    return query
  }
  let upcomingQuery = base().where('s.heldOn', '>=', options.today).where('s.status', '!=', 'annulee')
  if (options.until) upcomingQuery = upcomingQuery.where('s.heldOn', '<=', options.until)
  const upcoming = await upcomingQuery.orderBy('s.heldOn').orderBy('s.id').execute()
  const toComplete = await base().where('s.heldOn', '<', options.today).where('s.status', '=', 'planifiee').orderBy('s.heldOn').orderBy('s.id').execute()
  const details = await sessionDetails(db, [...upcoming, ...toComplete].map((session) => session.id))
  const decorate = (session: (typeof upcoming)[number]) => ({
    ...session,
    programmeShortName: programmeShortName(session.programmeName),
    classes: details.classes.filter((row) => row.sessionId === session.id),
    participants: details.participants.filter((row) => row.sessionId === session.id),
  })
  return { upcoming: upcoming.map(decorate), toComplete: toComplete.map(decorate) }
}
