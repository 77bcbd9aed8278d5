import { z } from 'zod'
import { createEdition, deleteEdition, deleteEditionPartner, getEdition, saveEdition, saveEditionPartner } from '../../db/programmes/editions'
import { deleteProgrammePartner, listProgrammes, saveProgrammePartner } from '../../db/programmes/programmes'
import { deleteSequence, deleteSession, saveSequence, saveSession } from '../../db/programmes/sessions'
import { listCalendar } from '../../db/programmes/calendar'
import { contactCandidate, deleteCandidate, getRequestMatching, listRequests, recordResponse } from '../../db/programmes/matching'
import { deleteMentoringMeeting, deletePair, deletePlacement, listMentoring, listPlacements, saveMentoringMeeting, savePair, savePlacement } from '../../db/programmes/placements'
import { listPupils, savePupil } from '../../db/programmes/pupils'
import {
  contactInput,
  editionInput,
  editionPartnerInput,
  mentoringMeetingInput,
  newEditionInput,
  pairInput,
  placementFilter,
  placementInput,
  programmePartnerInput,
  pupilInput,
  responseInput,
  sequenceInput,
  sessionInput,
} from '../../db/programmes/schemas'
import { id, isoDate, oneOf, recordRef, schoolYearSchema, version, withId } from '../../db/fields'
import { REQUEST_STATUS } from '../../db/rules/actor-values'
import { todayIso } from '../../db/rules/dates'
import { editionFileName, MENTORING_COLUMNS, mentoringRecord, placementColumns, placementRecord, writeEditionWorkbook } from '../programmes/export'
import { createOrChange, handler, mutation, noInput } from './define'
import { writeTableWorkbook } from '../files/xlsx-writer'
import type { Db } from '../../db/schema'


/** School levels' labels by code (« seconde » → « Seconde »). */
async function schoolLevelLabels(db: Db): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('schoolLevels').select(['code', 'label']).execute()).map((level) => [level.code, level.label]))
}

export const programmeHandlers = {
  'programmes.list': handler(noInput, { reads: ['organisations', 'people', 'programmes', 'programmePartners', 'editions', 'sequences', 'sequenceSessions', 'sessionClasses'] }, ({ store }) => listProgrammes(store.db)),
  'programmes.savePartner': mutation(withId(programmePartnerInput), { label: createOrChange('un partenaire de programme') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveProgrammePartner(trx, id, values, version) })),
  ),
  'programmes.deletePartner': mutation(recordRef, { label: 'Retrait d’un partenaire de programme' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteProgrammePartner(trx, id, version))),

  'programmes.createEdition': mutation(newEditionInput, { label: 'Création d’une édition de programme' }, ({ store }, input) => store.db.transaction().execute(async (trx) => ({ id: await createEdition(trx, input) }))),
  'programmes.edition': handler(z.object({ id }), { reads: ['organisations', 'people', 'workingGroups', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'placements', 'mentoringPairs'] }, ({ store }, { id }) => getEdition(store.db, id)),
  'programmes.saveEdition': mutation(z.object({ id, version, values: editionInput }), { label: 'Modification d’une édition de programme' }, ({ store }, { id, version, values }) => store.db.transaction().execute((trx) => saveEdition(trx, id, values, version))),
  'programmes.deleteEdition': mutation(recordRef, { label: 'Suppression d’une édition de programme' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteEdition(trx, id, version))),
  'programmes.saveEditionPartner': mutation(withId(editionPartnerInput), { label: createOrChange('un partenaire d’édition') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveEditionPartner(trx, id, values, version) })),
  ),
  'programmes.deleteEditionPartner': mutation(recordRef, { label: 'Retrait d’un partenaire d’édition' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteEditionPartner(trx, id, version))),
  'programmes.saveSequence': mutation(withId(sequenceInput), { label: createOrChange('une séquence de programme') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveSequence(trx, id, values, version) })),
  ),
  'programmes.deleteSequence': mutation(recordRef, { label: 'Suppression d’une séquence de programme' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteSequence(trx, id, version))),
  'programmes.saveSession': mutation(withId(sessionInput), { label: createOrChange('une séance de programme') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveSession(trx, id, values, version) })),
  ),
  'programmes.deleteSession': mutation(recordRef, { label: 'Suppression d’une séance de programme' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteSession(trx, id, version))),
  'programmes.calendar': handler(z.object({ programmeId: id.nullable().optional(), today: isoDate.optional() }).optional(), { reads: ['organisations', 'people', 'programmes', 'editions', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants'] }, ({ store }, args) =>
    listCalendar(store.db, { today: args?.today ?? todayIso(), programmeId: args?.programmeId ?? null }),
  ),
  'programmes.exportEdition': handler(z.object({ id }), { reads: ['organisations', 'people', 'actorRequests', 'workingGroups', 'proposedActions', 'programmes', 'editions', 'editionPartners', 'sequences', 'sequenceSessions', 'sessionClasses', 'sessionParticipants', 'pupils', 'placements', 'mentoringPairs'] }, async ({ store, files }, { id }) => {
    const edition = await getEdition(store.db, id)
    return files.writeOutput(editionFileName(edition), (file) =>
      writeEditionWorkbook(store.db, id, file),
    )
  }),

  'programmes.pupils': handler(z.object({ schoolYear: schoolYearSchema.nullable().optional(), includeAnonymised: z.boolean().optional() }).optional(), { reads: ['organisations', 'pupils', 'placements', 'mentoringPairs'] }, ({ store }, args) =>
    listPupils(store.db, args ?? {}),
  ),
  'programmes.savePupil': mutation(withId(pupilInput), { label: createOrChange('un élève') }, ({ store }, { id, version, values }) => store.db.transaction().execute(async (trx) => ({ id: await savePupil(trx, id, values, version) }))),

  'programmes.placements': handler(placementFilter, { reads: ['organisations', 'people', 'actorRequests', 'editions', 'pupils', 'placements'] }, ({ store }, filter) => listPlacements(store.db, filter ?? {})),
  'programmes.savePlacement': mutation(withId(placementInput), { label: createOrChange('un stage') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await savePlacement(trx, id, values, version) })),
  ),
  'programmes.deletePlacement': mutation(recordRef, { label: 'Suppression d’un stage' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deletePlacement(trx, id, version))),
  'programmes.exportPlacements': handler(placementFilter, { reads: ['organisations', 'people', 'actorRequests', 'editions', 'pupils', 'placements'] }, async ({ store, files }, filter) => {
    const rows = await listPlacements(store.db, filter ?? {})
    const levels = await schoolLevelLabels(store.db)
    return files.writeOutput(`stages-et-alternance${filter?.schoolYear ? `-${filter.schoolYear}` : ''}.xlsx`, (file) =>
      writeTableWorkbook(file, [{ name: 'Stages et alternance', columns: placementColumns(true), rows: rows.map((row) => placementRecord(row, levels)) }]),
    )
  }),

  'programmes.exportMentoring': handler(z.object({ schoolYear: schoolYearSchema.nullable().optional() }).optional(), { reads: ['organisations', 'people', 'affiliations', 'editions', 'pupils', 'mentoringPairs', 'mentoringMeetings'] }, async ({ store, files }, args) => {
    const rows = await listMentoring(store.db, args ?? {})
    const levels = await schoolLevelLabels(store.db)
    return files.writeOutput(`mentorat${args?.schoolYear ? `-${args.schoolYear}` : ''}.xlsx`, (file) =>
      writeTableWorkbook(file, [{ name: 'Binômes de mentorat', columns: MENTORING_COLUMNS, rows: rows.map((row) => mentoringRecord(row, levels)) }]),
    )
  }),
  'programmes.mentoring': handler(z.object({ schoolYear: schoolYearSchema.nullable().optional() }).optional(), { reads: ['organisations', 'people', 'affiliations', 'editions', 'pupils', 'mentoringPairs', 'mentoringMeetings'] }, ({ store }, args) => listMentoring(store.db, args ?? {})),
  'programmes.savePair': mutation(withId(pairInput), { label: createOrChange('un binôme de mentorat') }, ({ store }, { id, version, values }) => store.db.transaction().execute(async (trx) => ({ id: await savePair(trx, id, values, version) }))),
  'programmes.deletePair': mutation(recordRef, { label: 'Suppression d’un binôme de mentorat' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deletePair(trx, id, version))),
  'programmes.saveMentoringMeeting': mutation(withId(mentoringMeetingInput), { label: createOrChange('une rencontre de mentorat') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveMentoringMeeting(trx, id, values, version) })),
  ),
  'programmes.deleteMentoringMeeting': mutation(recordRef, { label: 'Suppression d’une rencontre de mentorat' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteMentoringMeeting(trx, id, version))),

  'programmes.requests': handler(z.object({ statuses: z.array(oneOf(REQUEST_STATUS)).nullable().optional() }).optional(), { reads: ['organisations', 'people', 'actorRequests', 'requestCandidates'] }, ({ store }, args) =>
    listRequests(store.db, { statuses: args?.statuses ?? null }),
  ),
  'programmes.request': handler(z.object({ id, today: isoDate.optional() }), { reads: ['organisations', 'people', 'engagementOffers', 'actorRequests', 'interactions', 'editionPartners', 'sequenceSessions', 'sessionParticipants', 'placements', 'requestCandidates'] }, ({ store }, { id, today }) => getRequestMatching(store.db, id, today ?? todayIso())),
  'programmes.contactCandidate': mutation(contactInput, { label: 'Sollicitation d’un acteur pour une demande' }, ({ store }, input) => store.db.transaction().execute((trx) => contactCandidate(trx, input))),
  'programmes.recordResponse': mutation(responseInput, { label: 'Réponse d’un acteur sollicité' }, ({ store }, input) => store.db.transaction().execute((trx) => recordResponse(trx, input, todayIso()))),
  'programmes.deleteCandidate': mutation(z.object({ id }), { label: 'Retrait d’un acteur sollicité' }, ({ store }, { id }) => store.db.transaction().execute((trx) => deleteCandidate(trx, id))),
}
