import { Button, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { ATTENDANCE_STATUS, type AttendanceStatus } from '../../../../db/rules/group-values'
import { useApiMutation } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { DateField } from '../../components/DateField'
import { MarkdownEditor } from '../../components/MarkdownEditor'
import { ModalFooter } from '../../components/ModalFooter'
import { ActorOrName, type ActorOrNameValue } from '../../components/ActorOrName'
import { useDialogSave } from '../../components/useDialogSave'
import { DraftOffer, useDraft } from '../../components/useDraft'
import { editableRows } from '../../components/editableRows'
import { DocumentRowFields, filledDocuments, refuseHalfDocument } from '../../components/DocumentRows'
import { RemoveButton } from '../../components/RowActions'
import { plural } from '../../../../db/rules/format'
import { FormModal } from '../../components/FormModal'

type GroupDetail = ApiResult<'groups.get'>
type Meeting = GroupDetail['meetings'][number]

interface AttendanceLine {
  actor: string | null
  guestName: string | null
  name: string
  isGuest: boolean
  status: AttendanceStatus
}

/** A meeting of a working group: date, place, agenda, attendance of every member plus guests, minutes. */
export function MeetingModal({ group, meeting, onClose }: { group: GroupDetail; meeting: Meeting | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(meeting?.version)
  const save = useApiMutation('groups.saveMeeting', { successMessage: 'Réunion enregistrée.', silentErrors: true })
  const [heldOn, setHeldOn] = useState<string | null>(meeting?.heldOn ?? todayIso())
  const [place, setPlace] = useState(meeting?.place ?? '')
  const [agenda, setAgenda] = useState(meeting?.agenda ?? '')
  const [minutes, setMinutes] = useState(meeting?.minutes ?? '')
  const [attachments, setAttachments] = useState(meeting?.attachments.map(({ label, path }) => ({ label, path })) ?? [])
  const [lines, setLines] = useState<AttendanceLine[]>(() => {
    const recorded = new Map((meeting?.attendance ?? []).map((row) => [row.actorKey ?? `guest:${row.guestName}`, row]))
    const members = group.members
      .filter((member) => !member.leftOn)
      .map((member): AttendanceLine => {
        const row = recorded.get(member.actorKey)
        recorded.delete(member.actorKey)
        return { actor: member.actorKey, guestName: null, name: member.actorName, isGuest: false, status: row?.status ?? 'present' }
      })
    const guests = [...recorded.values()].map((row): AttendanceLine => ({ actor: row.actorKey, guestName: row.guestName, name: row.actorName, isGuest: true, status: row.status }))
    return [...members, ...guests]
  })
  const [guest, setGuest] = useState<ActorOrNameValue>({ actor: null, actorLabel: null, name: '' })
  const addGuest = () => {
    if (guest.actor && guest.actorLabel) {
      if (!lines.some((line) => line.actor === guest.actor)) setLines([...lines, { actor: guest.actor, guestName: null, name: guest.actorLabel, isGuest: true, status: 'present' }])
    } else if (guest.name.trim()) {
      setLines([...lines, { actor: null, guestName: guest.name.trim(), name: guest.name.trim(), isGuest: true, status: 'present' }])
    }
    setGuest({ actor: null, actorLabel: null, name: '' })
  }
  const dialog = useDialogSave(onClose)
  const { error, fail: setError, submit: saveAndClose } = dialog
  const draft = useDraft(`reunion.${group.id}.${meeting?.id ?? 'nouvelle'}`, { heldOn, place, agenda, minutes, attachments, lines }, (saved) => {
    setHeldOn(saved.heldOn)
    setPlace(saved.place)
    setAgenda(saved.agenda)
    setMinutes(saved.minutes)
    setAttachments(saved.attachments)
    setLines(saved.lines)
  })

  const lineRows = editableRows(setLines)
  const attachmentRows = editableRows(setAttachments)
  const present = lines.filter((line) => line.status === 'present').length

  const submit = async () => {
    setError(null)
    if (!heldOn) return dialog.refuse('heldOn', 'Indiquez la date de la réunion.')
    const files = filledDocuments(attachments)
    setAttachments(files)
    if (refuseHalfDocument(dialog, 'attachments', files)) return
    await saveAndClose(async () => {
      await save.mutateAsync({
      id: meeting?.id ?? null,
      version: loadedVersion,
      values: {
        groupId: group.id,
        heldOn,
        place,
        agenda,
        minutes,
        attendance: lines.map((line) => ({ actor: line.actor, guestName: line.guestName, isGuest: line.isGuest, status: line.status })),
        attachments: files,
      },
      })
      draft.clear()
    })
  }

  return (
    <FormModal opened onClose={onClose} title={meeting ? 'Modifier la réunion' : 'Nouvelle réunion'} size="xl" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <SimpleGrid cols={2}>
          <DateField label="Date" required value={heldOn} onChange={setHeldOn} error={dialog.fieldError('heldOn', heldOn)} />
          <TextInput label="Lieu" placeholder="Ex. : tiers-lieu, espace de coworking" value={place} onChange={(event) => setPlace(event.currentTarget.value)} error={dialog.fieldError('place', place)} />
        </SimpleGrid>
        <Textarea label="Ordre du jour" autosize minRows={2} value={agenda} onChange={(event) => setAgenda(event.currentTarget.value)} error={dialog.fieldError('agenda', agenda)} />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Présences ({plural(present, 'présent')} sur {lines.length})
          </Text>
          <Table withTableBorder aria-label="Présences">
            <Table.Tbody>
              {lines.map((line, index) => (
                <Table.Tr key={`${line.actor ?? line.guestName}-${index}`}>
                  <Table.Td>
                    {line.name}
                    {line.isGuest && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (invité)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td w={300}>
                    <SegmentedControl size="xs" fullWidth data={ATTENDANCE_STATUS.options} value={line.status} onChange={(value) => lineRows.change(index, { status: value as AttendanceLine['status'] })} aria-label={`Présence de ${line.name}`} />
                  </Table.Td>
                  <Table.Td w={40}>
                    {line.isGuest && (
                      <RemoveButton label={`Retirer ${line.name}`} onClick={() => lineRows.remove(index)} />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <ActorOrName label="Invité" value={guest} onChange={setGuest} freePlaceholder="Nom, fonction, organisation…" />
            </div>
            <Button variant="light" leftSection={<IconPlus size={14} />} disabled={!guest.actor && !guest.name.trim()} onClick={addGuest}>
              Ajouter l'invité
            </Button>
          </Group>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Compte rendu
          </Text>
          <MarkdownEditor label="Compte rendu" value={minutes} onChange={setMinutes} minRows={6} maxRows={18} error={dialog.fieldError('minutes', minutes)} />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Pièces jointes (chemin d'accès du fichier)
          </Text>
          {attachments.map((attachment, index) => (
            <DocumentRowFields key={index} dialog={dialog} list="attachments" index={index} row={attachment} onChange={(change) => attachmentRows.change(index, change)} onRemove={() => attachmentRows.remove(index)} />
          ))}
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAttachments([...attachments, { label: '', path: '' }])} w="fit-content">
            Ajouter une pièce jointe
          </Button>
        </Stack>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} confirmLabel="Enregistrer la réunion" />
      </Stack>
    </FormModal>
  )
}
