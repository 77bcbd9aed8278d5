import { Alert, Button, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { schoolYearBounds } from '../../../../db/rules/school-year'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { ActorPicker, SchoolPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { formatInteger } from '../../../../db/rules/format'
import { LevelSelect } from './PupilFields'
import { todayIso } from '../../../../db/rules/dates'
import { PARTICIPANT_ROLE, PROGRAMME_SESSION_STATUS } from '../../../../db/rules/programme-values'
import { useDialogSave } from '../../components/useDialogSave'
import { editableRows } from '../../components/editableRows'
import { RemoveButton } from '../../components/RowActions'
import { FormModal } from '../../components/FormModal'

// An empty description that keeps its line, so that fields with and without one line up.
const BLANK_LINE = '\u00a0'

type Edition = ApiResult<'programmes.edition'>
type Sequence = Edition['sequences'][number]
type Session = Sequence['sessions'][number]

interface ClassLine {
  schoolKey: string | null
  schoolLabel: string | null
  classLabel: string
  levelCode: string | null
  pupilsCount: number | null
}

interface ParticipantLine {
  actor: string
  name: string
  role: string
}

const numberOrNull = (value: string | number) => (value === '' || value === null ? null : Number(value))

/** A session of a step: date, place, classes (counted, not named), companies and speakers, counts and feedback. */
export function ProgrammeSessionModal({ edition, sequence, session, onClose }: { edition: Edition; sequence: Sequence; session: Session | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(session?.version)
  const reference = useReference()
  const save = useApiMutation('programmes.saveSession', { successMessage: 'Séance enregistrée.', silentErrors: true })
  const bounds = schoolYearBounds(edition.schoolYear)
  const [heldOn, setHeldOn] = useState<string | null>(session?.heldOn ?? null)
  const [status, setStatus] = useState<string>(session?.status ?? 'planifiee')
  const [place, setPlace] = useState(session?.place ?? '')
  const [townCode, setTownCode] = useState<string | null>(session?.townCode ?? null)
  const [classes, setClasses] = useState<ClassLine[]>(
    session?.classes.map((row) => ({ schoolKey: `o${row.schoolId}`, schoolLabel: row.schoolName, classLabel: row.classLabel ?? '', levelCode: row.levelCode, pupilsCount: row.pupilsCount })) ?? [],
  )
  const [participants, setParticipants] = useState<ParticipantLine[]>(session?.participants.map((row) => ({ actor: row.actorKey, name: row.actorName, role: row.role })) ?? [])
  const [picked, setPicked] = useState<string | null>(null)
  const [pupilsCount, setPupilsCount] = useState<number | null>(session?.pupilsCount ?? null)
  const [teachersCount, setTeachersCount] = useState<number | null>(session?.teachersCount ?? null)
  const [hours, setHours] = useState<number | null>(session?.interventionHours ?? null)
  const [satisfaction, setSatisfaction] = useState<number | null>(session?.satisfaction ?? null)
  const [feedback, setFeedback] = useState(session?.feedback ?? '')
  const dialog = useDialogSave(onClose)
  const { error, fail: setError, submit: saveAndClose } = dialog

  const classTotal = classes.reduce((sum, row) => sum + (row.pupilsCount ?? 0), 0)
  const classRows = editableRows(setClasses)
  const participantRows = editableRows(setParticipants)

  const submit = async () => {
    setError(null)
    if (!heldOn) return dialog.refuse('heldOn', 'Indiquez la date de la séance.')
    const unplaced = classes.findIndex((row) => !row.schoolKey)
    if (unplaced >= 0) return dialog.refuse(`classes.${unplaced}.schoolId`, "Choisissez l'établissement de cette classe (ou retirez la ligne).")
    await saveAndClose(() => save.mutateAsync({
      id: session?.id ?? null,
      version: loadedVersion,
      values: {
        sequenceId: sequence.id,
        heldOn,
        status: status as never,
        place,
        townCode,
        classes: classes.map((row) => ({ schoolId: Number(row.schoolKey!.slice(1)), classLabel: row.classLabel, levelCode: row.levelCode, pupilsCount: row.pupilsCount })),
        participants: participants.map((row) => ({ actor: row.actor, role: row.role as never })),
        pupilsCount,
        teachersCount,
        interventionHours: hours,
        satisfaction,
        feedback,
      },
    }))
  }

  return (
    <FormModal opened onClose={onClose} title={`${session ? 'Modifier la séance' : 'Nouvelle séance'} — ${sequence.stepOrder}. ${sequence.title}`} size="xl">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <DateField label="Date" required value={heldOn} onChange={setHeldOn} minDate={bounds.start} maxDate={bounds.end} error={dialog.fieldError('heldOn', heldOn)} />
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Statut
            </Text>
            <SegmentedControl aria-label="Statut de la séance" data={PROGRAMME_SESSION_STATUS.options} value={status} onChange={setStatus} />
            {dialog.fieldError('status', [status, heldOn]) && (
              <Text c="red" size="xs" role="alert">
                {dialog.fieldError('status', [status, heldOn])}
              </Text>
            )}
          </Stack>
        </SimpleGrid>
        {status === 'realisee' && heldOn && heldOn > todayIso() && !dialog.fieldError('status', [status, heldOn]) && (
          <Alert color="orange" variant="light" role="status" title="Séance à venir marquée « Réalisée »">
            Sa date est après aujourd'hui : elle ne peut pas être enregistrée comme réalisée. Gardez « Planifiée » tant qu'elle n'a pas eu lieu.
          </Alert>
        )}
        <SimpleGrid cols={2}>
          <TextInput label="Lieu" placeholder="Ex. : lycée, entreprise, tiers-lieu" value={place} onChange={(event) => setPlace(event.currentTarget.value)} error={dialog.fieldError('place', place)} />
          <Select label="Commune" placeholder="Choisir" data={(reference.data?.towns ?? []).map((town) => ({ value: town.code, label: town.label }))} value={townCode} onChange={setTownCode} clearable searchable />
        </SimpleGrid>

        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Classes ({classes.length} — {formatInteger(classTotal)} élèves)
          </Text>
          {classes.length > 0 && (
            <Table withTableBorder aria-label="Classes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Établissement</Table.Th>
                  <Table.Th w={130}>Classe</Table.Th>
                  <Table.Th w={150}>Niveau</Table.Th>
                  <Table.Th w={110}>Élèves</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {classes.map((row, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <SchoolPicker
                        aria-label={`Établissement de la classe ${index + 1}`}
                        value={row.schoolKey}
                        initialLabel={row.schoolLabel}
                        onChange={(key, label) => classRows.change(index, { schoolKey: key, schoolLabel: label })}
                        error={dialog.fieldError(`classes.${index}.schoolId`, row.schoolKey)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Classe ${index + 1}`} placeholder="Ex. : 2nde 3" value={row.classLabel} onChange={(event) => classRows.change(index, { classLabel: event.currentTarget.value })} error={dialog.fieldError(`classes.${index}.classLabel`, row.classLabel)} />
                    </Table.Td>
                    <Table.Td>
                      <LevelSelect label={null} ariaLabel={`Niveau de la classe ${index + 1}`} value={row.levelCode} onChange={(value) => classRows.change(index, { levelCode: value })} error={dialog.fieldError(`classes.${index}.levelCode`, row.levelCode)} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={`Élèves de la classe ${index + 1}`} min={0} allowDecimal={false} value={row.pupilsCount ?? ''} onChange={(value) => classRows.change(index, { pupilsCount: numberOrNull(value) })} error={dialog.fieldError(`classes.${index}.pupilsCount`, row.pupilsCount)} />
                    </Table.Td>
                    <Table.Td>
                      <RemoveButton label={`Retirer la classe ${index + 1}`} onClick={() => classRows.remove(index)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            w="fit-content"
            onClick={() => {
              const last = classes.at(-1)
              setClasses([...classes, { schoolKey: last?.schoolKey ?? null, schoolLabel: last?.schoolLabel ?? null, classLabel: '', levelCode: last?.levelCode ?? null, pupilsCount: null }])
            }}
          >
            Ajouter une classe
          </Button>
        </Stack>

        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Entreprises et intervenants ({participants.length})
          </Text>
          {participants.length > 0 && (
            <Table withTableBorder aria-label="Entreprises et intervenants">
              <Table.Tbody>
                {participants.map((row, index) => (
                  <Table.Tr key={row.actor}>
                    <Table.Td>{row.name}</Table.Td>
                    <Table.Td w={200}>
                      <Select
                        aria-label={`Rôle de ${row.name}`}
                        data={PARTICIPANT_ROLE.options}
                        value={row.role}
                        onChange={(value) => value && participantRows.change(index, { role: value })}
                        allowDeselect={false}
                      />
                    </Table.Td>
                    <Table.Td w={40}>
                      <RemoveButton label={`Retirer ${row.name}`} onClick={() => participantRows.remove(index)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <ActorPicker
            label="Ajouter une entreprise ou un intervenant"
            value={picked}
            w={420}
            onChange={(key, label) => {
              if (key && label && !participants.some((row) => row.actor === key)) {
                setParticipants([...participants, { actor: key, name: label, role: key.startsWith('o') ? 'entreprise' : 'intervenant' }])
              }
              setPicked(null)
            }}
          />
        </Stack>

        <SimpleGrid cols={4}>
          <NumberInput
            label="Élèves présents"
            description={classTotal ? `Classes : ${formatInteger(classTotal)}` : BLANK_LINE}
            placeholder={classTotal ? String(classTotal) : undefined}
            min={0}
            allowDecimal={false}
            thousandSeparator=" "
            value={pupilsCount ?? ''}
            onChange={(value) => setPupilsCount(numberOrNull(value))}
            error={dialog.fieldError('pupilsCount', pupilsCount)}
          />
          <NumberInput label="Enseignants présents" description={BLANK_LINE} min={0} allowDecimal={false} value={teachersCount ?? ''} onChange={(value) => setTeachersCount(numberOrNull(value))} error={dialog.fieldError('teachersCount', teachersCount)} />
          <NumberInput label="Heures d'intervention" description={BLANK_LINE} min={0} decimalScale={1} decimalSeparator="," value={hours ?? ''} onChange={(value) => setHours(numberOrNull(value))} error={dialog.fieldError('interventionHours', hours)} />
          <NumberInput
            label="Satisfaction (sur 5)"
            description="De 1 à 5"
            min={1}
            max={5}
            clampBehavior="none"
            error={dialog.fieldError('satisfaction', satisfaction)}
            step={0.5}
            decimalScale={1}
            decimalSeparator=","
            value={satisfaction ?? ''}
            onChange={(value) => setSatisfaction(numberOrNull(value))}
          />
        </SimpleGrid>
        <Textarea label="Commentaires et retours" autosize minRows={2} value={feedback} onChange={(event) => setFeedback(event.currentTarget.value)} error={dialog.fieldError('feedback', feedback)} />
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} confirmLabel="Enregistrer la séance" />
      </Stack>
    </FormModal>
  )
}
