import { ActionIcon, Anchor, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core'
import { IconHeartHandshake, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { currentSchoolYear } from '../../../../db/rules/school-year'
import { call } from '../../api/client'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { ActorPicker } from '../../components/ActorPicker'
import { EmptyState } from '../../components/EmptyState'
import { DateField } from '../../components/DateField'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { MENTORING_PAIR_STATUS_COLORS } from './labels'
import { useEditionOptions } from './PlacementModal'
import { PupilFields, emptyPupil, pupilValues, schoolYearOptions, type PupilDraft } from './PupilFields'
import { ExportButton } from '../../components/ExportButton'
import { confirmDanger } from '../../components/confirmDanger'
import { MENTORING_PAIR_STATUS } from '../../../../db/rules/programme-values'
import { useDialogSave } from '../../components/useDialogSave'
import { ValueBadge } from '../../components/ValueBadge'
import { FormModal } from '../../components/FormModal'

type Pair = ApiResult<'programmes.mentoring'>[number]

function PairModal({ pair, onClose }: { pair: Pair | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(pair?.version)
  const save = useApiMutation('programmes.savePair', { successMessage: 'Binôme enregistré.', silentErrors: true })
  const pupils = useApiQuery('programmes.pupils', {})
  const editions = useEditionOptions('mentorat')
  const [mentor, setMentor] = useState<string | null>(pair ? `p${pair.mentorPersonId}` : null)
  const [mode, setMode] = useState<'named' | 'existing'>(pair ? 'existing' : 'named')
  const [mentee, setMentee] = useState<PupilDraft>(emptyPupil())
  const [menteeId, setMenteeId] = useState<string | null>(pair?.menteePupilId ? String(pair.menteePupilId) : null)
  const [editionId, setEditionId] = useState<string | null>(pair?.editionId ? String(pair.editionId) : (editions[0]?.items[0]?.value ?? null))
  const [startedOn, setStartedOn] = useState<string | null>(pair?.startedOn ?? todayIso())
  const [endedOn, setEndedOn] = useState<string | null>(pair?.endedOn ?? null)
  const [status, setStatus] = useState<string>(pair?.status ?? 'actif')
  const [notes, setNotes] = useState(pair?.notes ?? '')
  const dialog = useDialogSave(onClose)
  const known = (pupils.data ?? []).map((row) => ({ value: String(row.id), label: `${row.firstName} ${row.lastName} — ${row.schoolName ?? 'établissement non précisé'} (${row.schoolYear})` }))
  if (pair?.menteePupilId && !known.some((row) => row.value === String(pair.menteePupilId))) {
    known.unshift({ value: String(pair.menteePupilId), label: `${pair.menteeFirstName} ${pair.menteeLastName}` })
  }
  return (
    <FormModal opened onClose={onClose} title={pair ? 'Modifier le binôme' : 'Nouveau binôme de mentorat'} size="xl">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <ActorPicker label="Mentor (personne de l'annuaire)" kinds={['person']} value={mentor} initialLabel={pair?.mentorName} onChange={(key) => setMentor(key)} required error={dialog.fieldError('mentorPersonId', mentor)} />
          <Select label="Édition" placeholder="Aucune" data={editions} value={editionId} onChange={setEditionId} clearable />
        </SimpleGrid>
        <SegmentedControl
          aria-label="Mentoré"
          data={[{ value: 'named', label: 'Nouveau mentoré' }, { value: 'existing', label: 'Élève déjà enregistré' }]}
          value={mode}
          onChange={(value) => setMode(value as 'named' | 'existing')}
        />
        {mode === 'named' ? (
          <PupilFields value={mentee} onChange={setMentee} fieldError={dialog.fieldError} />
        ) : (
          <Select label="Mentoré" searchable data={known} value={menteeId} onChange={setMenteeId} nothingFoundMessage="Aucun élève nommé" error={dialog.fieldError('pupilId', menteeId)} />
        )}
        <SimpleGrid cols={3}>
          <DateField label="Début" required value={startedOn} onChange={setStartedOn} error={dialog.fieldError('startedOn', startedOn)} />
          <DateField label="Fin" value={endedOn} onChange={setEndedOn} error={dialog.fieldError('endedOn', endedOn)} />
          <Select label="Statut" data={MENTORING_PAIR_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={dialog.fieldError('notes', notes)} />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              if (!mentor) return dialog.refuse('mentorPersonId', "Choisissez le mentor dans l'annuaire.")
              if (!startedOn) return dialog.refuse('startedOn', 'Indiquez la date de début.')
              if (mode === 'existing' && !menteeId) return dialog.refuse('pupilId', 'Choisissez le mentoré.')
              await dialog.submit(() =>
                save.mutateAsync({
                  id: pair?.id ?? null,
                  version: loadedVersion,
                  values: {
                    mentorPersonId: Number(mentor.slice(1)),
                    mentee: mode === 'named' ? { mode, values: pupilValues(mentee) } : { mode, pupilId: Number(menteeId) },
                    editionId: editionId ? Number(editionId) : null,
                    startedOn,
                    endedOn,
                    status: status as never,
                    notes,
                  },
                }),
              )
            }} busy={save.isPending} error={dialog.error} confirmLabel="Enregistrer le binôme" />
      </Stack>
    </FormModal>
  )
}

function MeetingModal({ pair, onClose }: { pair: Pair; onClose: () => void }) {
  const save = useApiMutation('programmes.saveMentoringMeeting', { successMessage: 'Rencontre notée.', silentErrors: true })
  const [heldOn, setHeldOn] = useState<string | null>(todayIso())
  const [notes, setNotes] = useState('')
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  return (
    <FormModal opened onClose={onClose} title={`Rencontre — ${pair.mentorName}`} size="md">
      <Stack gap="sm">
        <DateField label="Date" required value={heldOn} onChange={setHeldOn} error={dialog.fieldError('heldOn', heldOn)} />
        <Textarea label="Ce qui a été fait" autosize minRows={3} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={dialog.fieldError('notes', notes)} />
        <ModalFooter onCancel={onClose} onConfirm={async () => {
              if (!heldOn) return dialog.refuse('heldOn', 'Indiquez la date.')
              await saveAndClose(() => save.mutateAsync({ id: null, values: { pairId: pair.id, heldOn, notes } }))
            }} busy={save.isPending} error={error} confirmLabel="Noter la rencontre" />
      </Stack>
    </FormModal>
  )
}

/** Mentoring pairs of a school year, with their meetings. */
export function MentoringScreen() {
  const reference = useReference()
  const [schoolYear, setSchoolYear] = useState<string | null>(currentSchoolYear())
  const pairs = useApiQuery('programmes.mentoring', { schoolYear })
  const removePair = useApiMutation('programmes.deletePair', { successMessage: 'Binôme supprimé.' })
  const removeMeeting = useApiMutation('programmes.deleteMentoringMeeting', { successMessage: 'Rencontre supprimée.' })
  const [editing, setEditing] = useState<{ value: Pair | null } | null>(null)
  const [meeting, setMeeting] = useState<Pair | null>(null)
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Select aria-label="Année scolaire" placeholder="Toutes les années" data={schoolYearOptions()} value={schoolYear} onChange={setSchoolYear} clearable w={200} />
        <Group gap="xs" className="no-print">
          {(pairs.data?.length ?? 0) > 0 && <ExportButton run={() => call('programmes.exportMentoring', { schoolYear })} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ value: null })}>
            Nouveau binôme
          </Button>
        </Group>
      </Group>
      <QueryState query={pairs}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState
              icon={IconHeartHandshake}
              title="Aucun binôme pour cette année scolaire"
              actions={
                <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ value: null })}>
                  Former un binôme
                </Button>
              }
            >
              Un binôme réunit un mentor, une personne de l'annuaire, et un élève nommé (avec le consentement de ses parents s'il est mineur) ; ses
              rencontres se notent ici au fil de l'année.
            </EmptyState>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {plural(rows.length, 'binôme')}, {plural(rows.reduce((sum, row) => sum + row.meetings.length, 0), 'rencontre notée', 'rencontres notées')}.
              </Text>
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                {rows.map((pair) => (
                  <Card withBorder key={pair.id} data-testid="pair">
                    <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
                      <Stack gap={2}>
                        <Group gap="xs">
                          <Anchor component={Link} to={`/acteurs/p${pair.mentorPersonId}`} fw={600}>
                            {pair.mentorName}
                          </Anchor>
                          <Text c="dimmed">→</Text>
                          <Text fw={600}>{pair.menteeAnonymisedAt ? 'Élève anonymisé' : `${pair.menteeFirstName ?? ''} ${pair.menteeLastName ?? ''}`}</Text>
                          <ValueBadge list={MENTORING_PAIR_STATUS} colors={MENTORING_PAIR_STATUS_COLORS} value={pair.status} size="sm" />
                        </Group>
                        <Text size="xs" c="dimmed">
                          {[
                            pair.mentorOrganisation ? `Structure du mentor : ${pair.mentorOrganisation}` : null,
                            `Mentoré : ${[pair.menteeLevel ? reference.lookups.schoolLevels.get(pair.menteeLevel) : null, pair.menteeSchool].filter(Boolean).join(', ') || 'non précisé'}`,
                            pair.endedOn ? `du ${formatDate(pair.startedOn)} au ${formatDate(pair.endedOn)}` : `depuis le ${formatDate(pair.startedOn)}`,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </Stack>
                      <Group gap={2} wrap="nowrap" className="no-print">
                        <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setMeeting(pair)}>
                          Rencontre
                        </Button>
                        <Tooltip label="Modifier le binôme">
                          <ActionIcon variant="subtle" aria-label={`Modifier le binôme de ${pair.mentorName}`} onClick={() => setEditing({ value: pair })}>
                            <IconPencil size={14} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Supprimer le binôme">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Supprimer le binôme de ${pair.mentorName}`}
                            onClick={() =>
                              confirmDanger({
                                title: 'Supprimer le binôme',
                                children: <Text size="sm">Le binôme et ses rencontres seront supprimés.</Text>,
                                confirmLabel: 'Supprimer',
                                onConfirm: () => removePair.mutate({ id: pair.id, version: pair.version }),
                              })
                            }
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Group>
                    <Title order={6} mb={4}>
                      Rencontres ({formatInteger(pair.meetings.length)})
                    </Title>
                    {pair.meetings.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        Aucune rencontre notée.
                      </Text>
                    ) : (
                      <Stack gap={2}>
                        {pair.meetings.slice(0, 4).map((item) => (
                          <Group key={item.id} gap="xs" wrap="nowrap" align="flex-start">
                            <Text size="sm" fw={500} w={90} style={{ flexShrink: 0 }}>
                              {formatDate(item.heldOn)}
                            </Text>
                            <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
                              {item.notes ?? '—'}
                            </Text>
                            <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Supprimer la rencontre du ${formatDate(item.heldOn)}`} onClick={() => removeMeeting.mutate({ id: item.id, version: item.version })} className="no-print">
                              <IconTrash size={12} />
                            </ActionIcon>
                          </Group>
                        ))}
                        {pair.meetings.length > 4 && (
                          <Text size="xs" c="dimmed">
                            et {plural(pair.meetings.length - 4, 'rencontre plus ancienne', 'rencontres plus anciennes')}
                          </Text>
                        )}
                      </Stack>
                    )}
                  </Card>
                ))}
              </SimpleGrid>
            </>
          )
        }
      </QueryState>
      {editing && <PairModal pair={editing.value} onClose={() => setEditing(null)} />}
      {meeting && <MeetingModal pair={meeting} onClose={() => setMeeting(null)} />}
    </Stack>
  )
}
