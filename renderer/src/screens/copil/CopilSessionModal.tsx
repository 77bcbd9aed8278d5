import { ActionIcon, Alert, Button, CloseButton, Group, Radio, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react'
import { useEffect, useRef, useState, type ReactNode, type Ref } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { DateField } from '../../components/DateField'
import { MarkdownEditor } from '../../components/MarkdownEditor'
import { formatInteger } from '../../../../db/rules/format'
import { ActorOrName, type ActorOrNameValue } from '../../components/ActorOrName'
import { ModalFooter } from '../../components/ModalFooter'
import { type CopilSessionStatus } from '../../../../db/rules/copil-values'
import { ATTENDANCE_STATUS, type AttendanceStatus } from '../../../../db/rules/group-values'
import { useDialogSave } from '../../components/useDialogSave'
import { DraftOffer, useDraft } from '../../components/useDraft'
import { editableRows } from '../../components/editableRows'
import { DocumentRowFields, filledDocuments, refuseHalfDocument, type DocumentRow as DocumentFields } from '../../components/DocumentRows'
import { RemoveButton } from '../../components/RowActions'
import { FormModal } from '../../components/FormModal'
import { SessionStatusSelect } from './parts'

type Session = ApiResult<'copil.session'>
type Member = ApiResult<'copil.members'>[number]

interface AgendaRow {
  key: number
  title: string
  notes: string
}
interface MemberRow {
  actor: string
  name: string
  representative: string | null
  status: AttendanceStatus | null
}
interface GuestRow {
  key: number
  who: ActorOrNameValue
  status: AttendanceStatus
}
interface DocumentRow extends DocumentFields {
  key: number
}

const ATTENDANCE = ATTENDANCE_STATUS.codes

function representativeOf(member: Member): string | null {
  return member.firstName ? `${member.firstName} ${member.lastName}` : member.representativeName
}

/** Members of the COPIL on the day of the session, each with the attendance already noted. */
function memberRows(session: Session, members: Member[]): MemberRow[] {
  const noted = new Map(session.attendance.filter((row) => !row.isGuest && row.actorKey).map((row) => [row.actorKey!, row]))
  const rows: MemberRow[] = members
    .filter((member) => (!member.startedOn || member.startedOn <= session.heldOn) && (!member.endedOn || member.endedOn >= session.heldOn))
    .map((member) => {
      const actor = `o${member.organisationId}`
      return { actor, name: member.organisationName, representative: representativeOf(member), status: noted.get(actor)?.status ?? null }
    })
  // Someone noted present who is no longer a member stays on the list.
  for (const [actor, row] of noted) if (!rows.some((member) => member.actor === actor)) rows.push({ actor, name: row.name, representative: null, status: row.status })
  return rows
}

let nextKey = 1

/** « Modifier » a session: date, place, status, agenda, attendance, documents and minutes. */
export function CopilSessionModal({ session, onClose }: { session: Session; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(session.version)
  const members = useApiQuery('copil.members')
  const save = useApiMutation('copil.saveSession', { successMessage: 'Séance enregistrée.', silentErrors: true })
  const [tab, setTab] = useState<string | null>('seance')
  const [heldOn, setHeldOn] = useState<string | null>(session.heldOn)
  const [place, setPlace] = useState(session.place ?? '')
  const [status, setStatus] = useState<CopilSessionStatus>(session.status)
  const [agenda, setAgenda] = useState<AgendaRow[]>(() => session.agenda.map((item) => ({ key: nextKey++, title: item.title, notes: item.notes ?? '' })))
  const [memberList, setMemberList] = useState<MemberRow[] | null>(null)
  const [guests, setGuests] = useState<GuestRow[]>(() =>
    session.attendance
      .filter((row) => row.isGuest)
      .map((row) => ({ key: nextKey++, who: { actor: row.actorKey, actorLabel: row.actorKey ? row.name : null, name: row.actorKey ? '' : (row.guestName ?? '') }, status: row.status })),
  )
  const [documents, setDocuments] = useState<DocumentRow[]>(() => session.documents.map((document) => ({ key: nextKey++, label: document.label, path: document.path })))
  const [minutes, setMinutes] = useState(session.minutes ?? '')
  const agendaRows = editableRows(setAgenda)
  const guestRows = editableRows(setGuests)
  const documentRows = editableRows(setDocuments)
  const dialog = useDialogSave(onClose, { fields: { heldOn: 'seance', status: 'seance', place: 'seance', agenda: 'ordre', attendance: 'presences', documents: 'documents', minutes: 'compte-rendu' }, show: setTab })
  // The guests' pickers show the restored names once remounted.
  const [restored, setRestored] = useState(0)
  const draft = useDraft(`copil.${session.id}`, { heldOn, place, status, agenda, memberList, guests, documents, minutes }, (saved) => {
    setHeldOn(saved.heldOn)
    setPlace(saved.place)
    setStatus(saved.status)
    setAgenda(saved.agenda)
    setMemberList(saved.memberList)
    setGuests(saved.guests)
    setDocuments(saved.documents)
    setMinutes(saved.minutes)
    setRestored((count) => count + 1)
  })
  const newAgendaInput = useRef<HTMLInputElement | null>(null)

  useEffect(() => {
    if (members.data && memberList === null) setMemberList(memberRows(session, members.data))
  }, [members.data, memberList, session])

  const moveAgenda = (index: number, delta: number) =>
    setAgenda((rows) => {
      const next = [...rows]
      const [row] = next.splice(index, 1)
      next.splice(index + delta, 0, row!)
      return next
    })

  const submit = async () => {
    dialog.fail(null)
    if (!heldOn) return dialog.refuse('heldOn', 'Indiquez la date de la séance.')
    // Rows left blank are dropped before saving, so that a refusal's row is the row on screen.
    const points = agenda.filter((row) => row.title.trim() || row.notes.trim())
    const files = filledDocuments(documents)
    setAgenda(points)
    setDocuments(files)
    const untitled = points.findIndex((row) => !row.title.trim())
    if (untitled >= 0) return dialog.refuse(`agenda.${untitled}.title`, 'Ce point a des notes : donnez-lui un intitulé.')
    if (refuseHalfDocument(dialog, 'documents', files)) return
    const invited = guests.filter((row) => row.who.actor || row.who.name.trim())
    setGuests(invited)
    await dialog.submit(async () => {
      await save.mutateAsync({
      id: session.id,
      version: loadedVersion,
      values: {
        heldOn,
        place,
        status,
        minutes,
        agenda: points.map((row) => ({ title: row.title, notes: row.notes })),
        attendance: [
          ...(memberList ?? memberRows(session, [])).filter((row) => row.status !== null).map((row) => ({ actor: row.actor, isGuest: false, status: row.status! })),
          ...invited.map((row) => (row.who.actor ? { actor: row.who.actor, isGuest: true, status: row.status } : { guestName: row.who.name, isGuest: true, status: row.status })),
        ],
        documents: files.map((row) => ({ label: row.label, path: row.path })),
      },
      })
      draft.clear()
    })
  }

  const noted = (memberList ?? []).filter((row) => row.status !== null).length
  // The attendance saved is the members noted, then the guests: a guest's refusal comes by that place.
  const guestField = (index: number) => `attendance.${noted + index}.guestName`

  return (
    <FormModal opened onClose={onClose} title={`Modifier la séance ${session.reference}`} size={960} onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <Tabs key={restored} value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="seance">Séance</Tabs.Tab>
            <Tabs.Tab value="ordre">Ordre du jour ({formatInteger(agenda.length)})</Tabs.Tab>
            <Tabs.Tab value="presences">Présences ({formatInteger(noted + guests.length)})</Tabs.Tab>
            <Tabs.Tab value="documents">Documents ({formatInteger(documents.length)})</Tabs.Tab>
            <Tabs.Tab value="compte-rendu">Compte rendu</Tabs.Tab>
          </Tabs.List>

          <Tabs.Panel value="seance" pt="md">
            <Stack gap="sm">
              <SimpleGrid cols={2}>
                <DateField label="Date" required value={heldOn} onChange={setHeldOn} error={dialog.fieldError('heldOn', heldOn)} />
                <SessionStatusSelect value={status} onChange={setStatus} error={dialog.fieldError('status', status)} />
              </SimpleGrid>
              <TextInput label="Lieu" placeholder="Ex. : Hôtel de territoire, Nogent-sur-Marne" value={place} onChange={(event) => setPlace(event.currentTarget.value)} error={dialog.fieldError('place', place)} />
              <Text size="xs" c="dimmed">
                La référence {session.reference} ne change pas, même si la date change : les décisions la citent.
              </Text>
            </Stack>
          </Tabs.Panel>

          <RowsPanel
            value="ordre"
            empty={agenda.length === 0 && { title: 'Ordre du jour vide', text: "Ajoutez les points dans l'ordre où ils seront abordés en séance." }}
            addLabel="Ajouter un point"
            onAdd={() => {
              setAgenda((rows) => [...rows, { key: nextKey++, title: '', notes: '' }])
              setTimeout(() => newAgendaInput.current?.focus(), 0)
            }}
          >
            {agenda.map((row, index) => (
              <Group key={row.key} gap="xs" wrap="nowrap" align="flex-start">
                <Text fw={600} w={24} ta="right" pt={6}>
                  {index + 1}.
                </Text>
                <RowInput
                  flex={2}
                  label={`Point ${index + 1} : intitulé`}
                  placeholder="Intitulé du point"
                  inputRef={index === agenda.length - 1 ? newAgendaInput : undefined}
                  value={row.title}
                  onChange={(title) => agendaRows.change(index, { title })}
                  error={dialog.fieldError(`agenda.${index}.title`, row.title)}
                />
                <RowInput
                  flex={3}
                  label={`Point ${index + 1} : notes`}
                  placeholder="Notes (facultatif) : intervenant, durée…"
                  value={row.notes}
                  onChange={(notes) => agendaRows.change(index, { notes })}
                  error={dialog.fieldError(`agenda.${index}.notes`, row.notes)}
                />
                <Group gap={2} wrap="nowrap" pt={4}>
                  <Tooltip label="Monter">
                    <ActionIcon variant="subtle" aria-label={`Monter le point ${index + 1}`} disabled={index === 0} onClick={() => moveAgenda(index, -1)}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Descendre">
                    <ActionIcon variant="subtle" aria-label={`Descendre le point ${index + 1}`} disabled={index === agenda.length - 1} onClick={() => moveAgenda(index, 1)}>
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Retirer">
                    <RemoveButton label={`Retirer le point ${index + 1}`} onClick={() => agendaRows.remove(index)} />
                  </Tooltip>
                </Group>
              </Group>
            ))}
          </RowsPanel>

          <Tabs.Panel value="presences" pt="md">
            <Stack gap="sm">
              {memberList === null ? (
                <Text size="sm" c="dimmed">
                  Chargement des membres du COPIL…
                </Text>
              ) : memberList.length === 0 ? (
                <Alert color="gray" title="Aucun membre du COPIL">
                  Déclarez d'abord les organisations membres dans l'onglet « Membres » du COPIL ; elles apparaîtront ici, une ligne par membre. Les invités s'ajoutent ci-dessous.
                </Alert>
              ) : (
                <>
                  <Group justify="space-between">
                    <Text size="sm" c="dimmed">
                      Une ligne par membre du COPIL à la date de la séance. Une ligne sans case cochée n'est pas enregistrée.
                    </Text>
                    <Group gap="xs">
                      <Button size="xs" variant="default" onClick={() => setMemberList((rows) => rows!.map((row) => ({ ...row, status: row.status ?? 'present' })))}>
                        Cocher « Présent » pour les autres
                      </Button>
                      <Button size="xs" variant="subtle" color="gray" onClick={() => setMemberList((rows) => rows!.map((row) => ({ ...row, status: null })))}>
                        Tout effacer
                      </Button>
                    </Group>
                  </Group>
                  <Table striped aria-label="Présences des membres">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Membre</Table.Th>
                        <Table.Th>Représentant</Table.Th>
                        {ATTENDANCE.map((value) => (
                          <Table.Th key={value} ta="center" w={80}>
                            {ATTENDANCE_STATUS.label(value)}
                          </Table.Th>
                        ))}
                        <Table.Th w={40} />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {memberList.map((row) => (
                        <Table.Tr key={row.actor}>
                          <Table.Td>{row.name}</Table.Td>
                          <Table.Td>
                            <Text size="sm" c={row.representative ? undefined : 'dimmed'}>
                              {row.representative ?? '—'}
                            </Text>
                          </Table.Td>
                          {ATTENDANCE.map((value) => (
                            <Table.Td key={value}>
                              <Radio
                                style={{ display: 'flex', justifyContent: 'center' }}
                                name={`presence-${row.actor}`}
                                aria-label={`${row.name} : ${ATTENDANCE_STATUS.label(value)}`}
                                checked={row.status === value}
                                onChange={() => setMemberList((rows) => rows!.map((item) => (item.actor === row.actor ? { ...item, status: value } : item)))}
                              />
                            </Table.Td>
                          ))}
                          <Table.Td>
                            {row.status && (
                              <Tooltip label="Effacer (non noté)">
                                <CloseButton
                                  size="sm"
                                  aria-label={`${row.name} : effacer la présence`}
                                  onClick={() => setMemberList((rows) => rows!.map((item) => (item.actor === row.actor ? { ...item, status: null } : item)))}
                                />
                              </Tooltip>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
              <Text fw={600} size="sm" mt="xs">
                Invités
              </Text>
              {guests.length === 0 && (
                <Text size="sm" c="dimmed">
                  Aucun invité. Un invité peut être un acteur de l'annuaire (la séance apparaîtra sur sa fiche) ou une personne hors annuaire.
                </Text>
              )}
              {guests.map((row, index) => (
                <Group key={row.key} align="flex-end" gap="xs" wrap="nowrap">
                  <div style={{ flex: 1 }}>
                    <ActorOrName
                      label={`Invité ${index + 1}`}
                      value={row.who}
                      onChange={(who) => guestRows.change(index, { who })}
                      freePlaceholder="Ex. : Mme Martin, DRH de l'entreprise X"
                      error={dialog.fieldError(guestField(index), row.who)}
                    />
                  </div>
                  <Select
                    w={140}
                    aria-label={`Invité ${index + 1} : présence`}
                    data={ATTENDANCE_STATUS.options}
                    value={row.status}
                    onChange={(value) => value && guestRows.change(index, { status: value as AttendanceStatus })}
                    allowDeselect={false}
                  />
                  <RemoveButton size="lg" label={`Retirer l'invité ${index + 1}`} onClick={() => guestRows.remove(index)} />
                </Group>
              ))}
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setGuests((rows) => [...rows, { key: nextKey++, who: { actor: null, actorLabel: null, name: '' }, status: 'present' }])}
                >
                  Ajouter un invité
                </Button>
              </Group>
            </Stack>
          </Tabs.Panel>

          <RowsPanel
            value="documents"
            empty={
              documents.length === 0 && {
                title: 'Aucun document',
                text: "Référencez les documents de la séance (diaporama, note budgétaire…) par leur intitulé et leur emplacement sur le disque ou le partage réseau. Les fichiers ne sont pas copiés dans l'application.",
              }
            }
            addLabel="Ajouter un document"
            onAdd={() => setDocuments((rows) => [...rows, { key: nextKey++, label: '', path: '' }])}
          >
            {documents.map((row, index) => (
              <DocumentRowFields key={row.key} dialog={dialog} list="documents" index={index} row={row} onChange={(change) => documentRows.change(index, change)} onRemove={() => documentRows.remove(index)} />
            ))}
          </RowsPanel>

          <Tabs.Panel value="compte-rendu" pt="md">
            <MarkdownEditor label="Compte rendu" value={minutes} onChange={setMinutes} minRows={14} maxRows={24} placeholder={'## Relevé de décisions\n\n- …'} error={dialog.fieldError('minutes', minutes)} />
          </Tabs.Panel>
        </Tabs>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={dialog.error} />
      </Stack>
    </FormModal>
  )
}

/** One text cell of an agenda item, labelled for screen readers. */
function RowInput(props: { flex: number; label: string; placeholder: string; value: string; onChange: (value: string) => void; error?: string; inputRef?: Ref<HTMLInputElement> }) {
  return (
    <TextInput
      style={{ flex: props.flex }}
      aria-label={props.label}
      error={props.error}
      placeholder={props.placeholder}
      ref={props.inputRef}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  )
}

/** A tab of edited rows (agenda items, documents): a note while there is none, the rows, the button that adds one. */
function RowsPanel(props: { value: string; empty: false | { title: string; text: string }; addLabel: string; onAdd: () => void; children: ReactNode }) {
  return (
    <Tabs.Panel value={props.value} pt="md">
      <Stack gap="xs">
        {props.empty && (
          <Alert color="gray" title={props.empty.title}>
            {props.empty.text}
          </Alert>
        )}
        {props.children}
        <Group>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={props.onAdd}>
            {props.addLabel}
          </Button>
        </Group>
      </Stack>
    </Tabs.Panel>
  )
}
