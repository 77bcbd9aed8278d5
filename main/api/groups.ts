import { z } from 'zod'
import { deleteAction, deleteGroup, deleteMeeting, deleteMember, getGroup, listGroups, saveAction, saveGroup, saveMeeting, saveMember } from '../../db/groups/groups'
import { actionInput, groupInput, meetingInput, memberInput } from '../../db/groups/schemas'
import { id, recordRef, withId } from '../../db/fields'
import { createOrChange, handler, mutation, noInput } from './define'
import { GROUP_STATUS } from '../../db/rules/group-values'
import { tableColumns } from '../files/table-output'


export const groupHandlers = {
  'groups.list': handler(noInput, { reads: ['organisations', 'workingGroups', 'groupMembers', 'groupMeetings', 'proposedActions'] }, ({ store }) => listGroups(store.db)),
  'groups.get': handler(z.object({ id }), { reads: ['organisations', 'people', 'workingGroups', 'groupMembers', 'groupMeetings', 'meetingAttendance', 'meetingAttachments', 'copilDecisions', 'proposedActions', 'editions'] }, ({ store }, { id }) => getGroup(store.db, id)),
  'groups.save': mutation(withId(groupInput), { label: createOrChange('un groupe de travail') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveGroup(trx, id, values, version) })),
  ),
  'groups.delete': mutation(recordRef, { label: 'Suppression d’un groupe de travail' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteGroup(trx, id, version))),
  'groups.saveMember': mutation(withId(memberInput), { label: createOrChange('un membre de groupe de travail') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveMember(trx, id, values, version) })),
  ),
  'groups.deleteMember': mutation(recordRef, { label: 'Retrait d’un membre de groupe de travail' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteMember(trx, id, version))),
  'groups.saveMeeting': mutation(withId(meetingInput), { label: createOrChange('une réunion de groupe de travail') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveMeeting(trx, id, values, version) })),
  ),
  'groups.deleteMeeting': mutation(recordRef, { label: 'Suppression d’une réunion de groupe de travail' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteMeeting(trx, id, version))),
  'groups.saveAction': mutation(withId(actionInput), { label: createOrChange('une piste d’action') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute(async (trx) => ({ id: await saveAction(trx, id, values, version) })),
  ),
  'groups.deleteAction': mutation(recordRef, { label: 'Suppression d’une piste d’action' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteAction(trx, id, version))),
  'groups.export': handler(noInput, { reads: ['organisations', 'workingGroups', 'groupMembers', 'groupMeetings', 'proposedActions'] }, async ({ store, files }) => {
    const groups = await listGroups(store.db)
    return files.writeWorkbook('groupes-de-travail.xlsx', [
      {
        name: 'Groupes de travail',
        columns: tableColumns(
          ['Groupe', 'name', 'text', 36],
          ['Thème', 'theme', 'text', 30],
          ['Statut', 'status', 'text'],
          ['Début', 'startedOn', 'date'],
          ['Fin', 'endedOn', 'date'],
          ['Pilote associatif', 'pilotAssociation', 'text', 30],
          ['Pilote entreprise', 'pilotCompany', 'text', 30],
          ['Membres', 'members', 'integer'],
          ['Réunions', 'meetings', 'integer'],
          ['Dernière réunion', 'lastMeetingOn', 'date'],
          ["Pistes d'actions", 'actions', 'integer'],
        ),
        rows: groups.map((group) => ({ ...group, status: GROUP_STATUS.label(group.status) })),
      },
    ])
  }),
}
