import { linkColumn, type ActorRef } from '../rules/actor-keys'
import type { TimelineEvent } from '../actors/timeline'
import type { ActivityItem, Period } from '../copil/prepare'
import { plural } from '../rules/format'
import { programmeShortName } from '../rules/programme-values'
import { schoolYearBounds } from '../rules/school-year'
import type { Db } from '../schema'
import { CANDIDATE_RESPONSE, EDITION_PARTNER_ROLE, MENTORING_PAIR_STATUS, PARTICIPANT_ROLE, PLACEMENT_KIND, PLACEMENT_STATUS, PROGRAMME_SESSION_STATUS } from '../rules/programme-values'
import { sessionsWithProgramme } from './common'

// Where the programmes show elsewhere: on the actors' timelines (source « programme ») and in the
// activity gathered before a COPIL session.

const editionLabel = (row: { programmeName: string; schoolYear: string; title: string }) =>
  row.title.includes(row.schoolYear) ? row.title : `${programmeShortName(row.programmeName)} ${row.schoolYear}`

/** « Seconde » → « seconde », « BTS » stays « BTS ». */
const levelWord = (label: string) => (label === label.toUpperCase() && /[A-Z]/.test(label) ? label : label.toLowerCase())

const sessionState = (status: string) => (status === 'realisee' ? '' : ` (${PROGRAMME_SESSION_STATUS.label(status).toLowerCase()})`)

/** An actor's part in the programmes: classes, interventions, internships hosted, mentoring, partnerships, candidacies. */
export async function programmeTimeline(db: Db, ref: ActorRef): Promise<TimelineEvent[]> {
  const column = linkColumn(ref)
  const events: TimelineEvent[] = []
  const sessions = () =>
    sessionsWithProgramme(db)

  // Interventions: a company or a speaker at a session.
  const spoke = await sessions()
    .innerJoin('sessionParticipants as x', 'x.sessionId', 's.id')
    .select(['s.heldOn', 's.status', 's.place', 'q.title as step', 'e.id as editionId', 'e.title', 'e.schoolYear', 'g.name as programmeName', 'x.role'])
    .where(`x.${column}`, '=', ref.id)
    .where('s.status', '!=', 'annulee')
    .execute()
  for (const row of spoke) {
    events.push({
      date: row.heldOn,
      source: 'programme',
      title: `${PARTICIPANT_ROLE.label(row.role)} — ${editionLabel(row)} : « ${row.step} »${sessionState(row.status)}`,
      detail: row.place,
      link: `/programmes/editions/${row.editionId}`,
    })
  }

  if (ref.kind === 'organisation') {
    // Classes of a school taking part in a session.
    const classes = await sessions()
      .innerJoin('sessionClasses as c', 'c.sessionId', 's.id')
      .select(['s.id', 's.heldOn', 's.status', 'q.title as step', 'e.id as editionId', 'e.title', 'e.schoolYear', 'g.name as programmeName', 'c.classLabel', 'c.pupilsCount'])
      .where('c.schoolId', '=', ref.id)
      .where('s.status', '!=', 'annulee')
      .orderBy('c.id')
      .execute()
    const bySession = new Map<number, typeof classes>()
    for (const row of classes) bySession.set(row.id, [...(bySession.get(row.id) ?? []), row])
    for (const rows of bySession.values()) {
      const first = rows[0]!
      const pupils = rows.reduce((sum, row) => sum + (row.pupilsCount ?? 0), 0)
      const labels = rows.map((row) => row.classLabel).filter(Boolean)
      events.push({
        date: first.heldOn,
        source: 'programme',
        title: `Classes — ${editionLabel(first)} : « ${first.step} »${sessionState(first.status)}`,
        detail: [labels.length ? labels.join(', ') : plural(rows.length, 'classe'), pupils ? plural(pupils, 'élève') : null].filter(Boolean).join(' · '),
        link: `/programmes/editions/${first.editionId}`,
      })
    }

    // Internships and work-study placements hosted, and those of the school's pupils.
    const placements = await db
      .selectFrom('placements as x')
      .innerJoin('organisations as h', 'h.id', 'x.hostOrganisationId')
      .leftJoin('organisations as s', 's.id', 'x.schoolId')
      .leftJoin('schoolLevels as l', 'l.code', 'x.levelCode')
      .select(['x.hostOrganisationId', 'x.schoolId', 'h.name as hostName', 's.name as schoolName', 'l.label as level', 'x.kind', 'x.startedOn', 'x.endedOn', 'x.status', 'x.outcome'])
      .where((eb) => eb.or([eb('x.hostOrganisationId', '=', ref.id), eb('x.schoolId', '=', ref.id)]))
      .execute()
    for (const row of placements) {
      const kind = PLACEMENT_KIND.label(row.kind)
      const state = row.status === 'annule' ? ` (${PLACEMENT_STATUS.label(row.status).toLowerCase()})` : ''
      if (row.hostOrganisationId === ref.id) {
        events.push({
          date: row.startedOn,
          source: 'programme',
          title: `Accueille ${row.kind === 'alternance' ? 'un alternant' : 'un stagiaire'} — ${kind}${state}`,
          detail: [[row.level ? `Élève de ${levelWord(row.level)}` : 'Élève', row.schoolName].filter(Boolean).join(' — '), row.outcome].filter(Boolean).join(' · '),
          link: '/programmes/stages',
        })
      }
      if (row.schoolId === ref.id) {
        events.push({
          date: row.startedOn,
          source: 'programme',
          title: `${kind} d'un élève chez ${row.hostName}${state}`,
          detail: row.level ? `Élève de ${levelWord(row.level)}` : null,
          link: '/programmes/stages',
        })
      }
    }
  } else {
    // A person as mentor, or as tutor of an intern.
    const pairs = await db
      .selectFrom('mentoringPairs as m')
      .leftJoin('pupils as u', 'u.id', 'm.menteePupilId')
      .leftJoin('schoolLevels as l', 'l.code', 'u.levelCode')
      .leftJoin('organisations as s', 's.id', 'u.schoolId')
      .select((eb) => [
        'm.startedOn',
        'm.status',
        'l.label as level',
        's.name as schoolName',
        eb.selectFrom('mentoringMeetings as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.pairId', '=', 'm.id').as('meetings'),
      ])
      .where('m.mentorPersonId', '=', ref.id)
      .execute()
    for (const row of pairs) {
      const meetings = Number(row.meetings ?? 0)
      events.push({
        date: row.startedOn,
        source: 'programme',
        title: `Mentor d'un élève${row.level ? ` de ${levelWord(row.level)}` : ''}${row.schoolName ? ` (${row.schoolName})` : ''}`,
        detail: [`Binôme ${MENTORING_PAIR_STATUS.label(row.status).toLocaleLowerCase('fr')}`, meetings ? plural(meetings, 'rencontre') : null].filter(Boolean).join(' · '),
        link: '/programmes/mentorat',
      })
    }
    const tutored = await db
      .selectFrom('placements as x')
      .innerJoin('organisations as h', 'h.id', 'x.hostOrganisationId')
      .select(['x.kind', 'x.startedOn', 'h.name as hostName'])
      .where('x.tutorPersonId', '=', ref.id)
      .execute()
    for (const row of tutored) {
      events.push({ date: row.startedOn, source: 'programme', title: `Tuteur — ${PLACEMENT_KIND.label(row.kind)} chez ${row.hostName}`, detail: null, link: '/programmes/stages' })
    }
  }

  // Partner, referent or school of an edition: dated from the start of its school year.
  const partnered = await db
    .selectFrom('editionPartners as x')
    .innerJoin('editions as e', 'e.id', 'x.editionId')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
    .select(['e.id as editionId', 'e.title', 'e.schoolYear', 'g.name as programmeName', 'x.role'])
    .where(`x.${column}`, '=', ref.id)
    .execute()
  for (const row of partnered) {
    events.push({
      date: schoolYearBounds(row.schoolYear).start,
      source: 'programme',
      title: `${EDITION_PARTNER_ROLE.label(row.role)} de l'édition ${editionLabel(row)}`,
      detail: null,
      link: `/programmes/editions/${row.editionId}`,
    })
  }

  // Candidacies: asked to answer a request.
  const asked = await db
    .selectFrom('requestCandidates as c')
    .innerJoin('actorRequests as r', 'r.id', 'c.requestId')
    .leftJoin('organisations as o', 'o.id', 'r.organisationId')
    .leftJoin('people as p', 'p.id', 'r.personId')
    .select(['c.requestId', 'c.contactedOn', 'c.createdAt', 'c.response', 'c.quantity', 'r.title', 'o.name as organisationName', 'p.firstName', 'p.lastName'])
    .where(`c.${column}`, '=', ref.id)
    .execute()
  for (const row of asked) {
    const requester = row.organisationName ?? (row.firstName ? `${row.firstName} ${row.lastName}` : '')
    events.push({
      date: row.contactedOn ?? row.createdAt.slice(0, 10),
      source: 'programme',
      title: `Sollicité pour la demande « ${row.title} »${requester ? ` de ${requester}` : ''} : ${CANDIDATE_RESPONSE.label(row.response).toLowerCase()}${row.response === 'accepte' && row.quantity ? ` (${row.quantity})` : ''}`,
      detail: null,
      link: `/programmes/demandes/${row.requestId}`,
    })
  }
  return events
}

/** « Séance de programme réalisée »: each session held in the period, for the COPIL preparation. */
export async function programmeSessionsHeld(db: Db, period: Period): Promise<ActivityItem[]> {
  let query = sessionsWithProgramme(db)
    .leftJoin('towns as t', 't.inseeCode', 's.townCode')
    .select((eb) => [
      's.heldOn',
      's.place',
      't.name as town',
      's.pupilsCount',
      'q.title as step',
      'e.id as editionId',
      'e.title',
      'e.schoolYear',
      'g.name as programmeName',
      eb.selectFrom('sessionParticipants as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.sessionId', '=', 's.id').as('participants'),
    ])
    .where('s.status', '=', 'realisee')
    .where('s.heldOn', '<=', period.until)
  if (period.since) query = query.where('s.heldOn', '>', period.since)
  const rows = await query.orderBy('s.heldOn').execute()
  return rows.map((row) => {
    const participants = Number(row.participants ?? 0)
    return {
      date: row.heldOn,
      kind: 'Séance de programme réalisée',
      label: `${editionLabel(row)} — ${row.step}`,
      detail: [row.place ?? row.town, row.pupilsCount ? plural(row.pupilsCount, 'élève') : null, participants ? plural(participants, 'intervenant') : null].filter(Boolean).join(', ') || null,
      link: `/programmes/editions/${row.editionId}`,
    }
  })
}
