import { SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { schoolYearOf } from '../../../../db/rules/school-year'
import { useLoadedVersion } from '../../components/StaleRecord'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActorPicker, SchoolPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import { LevelSelect, PupilFields, emptyPupil, pupilValues, type PupilDraft } from './PupilFields'
import { PLACEMENT_KIND, PLACEMENT_STATUS } from '../../../../db/rules/programme-values'
import { FormModal } from '../../components/FormModal'
import { useDialogSave } from '../../components/useDialogSave'

type Placement = ApiResult<'programmes.placements'>[number]

export interface PlacementDefaults {
  editionId?: number | null
  requestId?: number | null
  hostKey?: string | null
  hostLabel?: string | null
  schoolKey?: string | null
  schoolLabel?: string | null
  levelCode?: string | null
  kind?: string | null
  /** The school year of a new pupil (an edition's year when placing from it). */
  schoolYear?: string | null
}

/** Editions as Select data, grouped by programme. */
export function useEditionOptions(programmeCode?: string) {
  const programmes = useApiQuery('programmes.list')
  return (programmes.data ?? [])
    .filter((programme) => !programmeCode || programme.code === programmeCode)
    .filter((programme) => programme.editions.length > 0)
    .map((programme) => ({ group: programme.shortName, items: programme.editions.map((edition) => ({ value: String(edition.id), label: edition.title })) }))
}

type Mode = 'named' | 'existing' | 'anonymous'

/** Places a pupil — named (with the parents' consent when a minor) or anonymous — at a host organisation. */
export function PlacementModal({ placement, defaults = {}, onClose }: { placement: Placement | null; defaults?: PlacementDefaults; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(placement?.version)
  const save = useApiMutation('programmes.savePlacement', { successMessage: 'Stage enregistré.', silentErrors: true })
  const pupils = useApiQuery('programmes.pupils', {})
  const editions = useEditionOptions()
  const [mode, setMode] = useState<Mode>(placement ? (placement.pupilId ? 'existing' : 'anonymous') : 'named')
  const [pupil, setPupil] = useState<PupilDraft>(() => ({ ...emptyPupil(defaults.schoolYear ?? undefined), schoolKey: defaults.schoolKey ?? null, schoolLabel: defaults.schoolLabel ?? null, levelCode: defaults.levelCode ?? null }))
  const [pupilId, setPupilId] = useState<string | null>(placement?.pupilId ? String(placement.pupilId) : null)
  const [schoolKey, setSchoolKey] = useState<string | null>(placement?.schoolId ? `o${placement.schoolId}` : (defaults.schoolKey ?? null))
  const [levelCode, setLevelCode] = useState<string | null>(placement?.levelCode ?? defaults.levelCode ?? null)
  const [hostKey, setHostKey] = useState<string | null>(placement ? `o${placement.hostOrganisationId}` : (defaults.hostKey ?? null))
  const [kind, setKind] = useState<string | null>(placement?.kind ?? defaults.kind ?? 'stage_3e')
  const [startedOn, setStartedOn] = useState<string | null>(placement?.startedOn ?? null)
  const [endedOn, setEndedOn] = useState<string | null>(placement?.endedOn ?? null)
  const [tutorKey, setTutorKey] = useState<string | null>(placement?.tutorPersonId ? `p${placement.tutorPersonId}` : null)
  const [tutorName, setTutorName] = useState(placement?.tutorName ?? '')
  const [editionId, setEditionId] = useState<string | null>(placement?.editionId ? String(placement.editionId) : defaults.editionId ? String(defaults.editionId) : null)
  const [status, setStatus] = useState<string>(placement?.status ?? 'prevu')
  const [outcome, setOutcome] = useState(placement?.outcome ?? '')
  const dialog = useDialogSave(onClose)

  const known = (pupils.data ?? []).map((row) => ({ value: String(row.id), label: `${row.firstName} ${row.lastName} — ${row.schoolName ?? 'établissement non précisé'} (${row.schoolYear})` }))
  if (placement?.pupilId && !known.some((row) => row.value === String(placement.pupilId))) {
    known.unshift({ value: String(placement.pupilId), label: placement.named ? `${placement.pupilFirstName} ${placement.pupilLastName}` : 'Élève anonymisé' })
  }

  const submit = async () => {
    if (!hostKey) return dialog.refuse('hostOrganisationId', "Choisissez la structure d'accueil.")
    if (!startedOn) return dialog.refuse('startedOn', 'Indiquez la date de début.')
    if (mode === 'existing' && !pupilId) return dialog.refuse('pupilId', "Choisissez l'élève.")
    if (mode === 'anonymous' && !schoolKey) return dialog.refuse('schoolId', "Un stage anonyme se décrit par l'établissement et le niveau de l'élève.")
    if (mode === 'anonymous' && !levelCode) return dialog.refuse('levelCode', "Un stage anonyme se décrit par l'établissement et le niveau de l'élève.")
    const who =
      mode === 'named'
        ? { mode, values: { ...pupilValues(pupil), schoolYear: pupil.schoolYear || schoolYearOf(startedOn) } }
        : mode === 'existing'
          ? { mode, pupilId: Number(pupilId) }
          : { mode, schoolId: Number(schoolKey!.slice(1)), levelCode: levelCode! }
    await dialog.submit(() =>
      save.mutateAsync({
        id: placement?.id ?? null,
        version: loadedVersion,
        values: {
          pupil: who as never,
          hostOrganisationId: Number(hostKey.slice(1)),
          kind: kind as never,
          startedOn,
          endedOn,
          tutorPersonId: tutorKey ? Number(tutorKey.slice(1)) : null,
          tutorName: tutorKey ? null : tutorName,
          editionId: editionId ? Number(editionId) : null,
          requestId: placement?.requestId ?? defaults.requestId ?? null,
          status: status as never,
          outcome,
        },
      }),
    )
  }

  return (
    <FormModal opened onClose={onClose} title={placement ? 'Modifier le stage' : 'Placer un élève'} size="xl">
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Élève"
          data={[
            { value: 'named', label: 'Nouvel élève nommé' },
            { value: 'existing', label: 'Élève déjà enregistré' },
            { value: 'anonymous', label: 'Anonyme (établissement et niveau)' },
          ]}
          value={mode}
          onChange={(value) => setMode(value as Mode)}
        />
        {mode === 'named' && <PupilFields value={pupil} onChange={setPupil} fieldError={dialog.fieldError} />}
        {mode === 'existing' && (
          <Select label="Élève" searchable data={known} value={pupilId} onChange={setPupilId} nothingFoundMessage="Aucun élève nommé" placeholder="Choisir un élève nommé" error={dialog.fieldError('pupilId', pupilId)} />
        )}
        {mode === 'anonymous' && (
          <>
            <Text size="sm" c="dimmed">
              L'élève n'est pas nommé : seuls son établissement et son niveau sont enregistrés, pour les comptes.
            </Text>
            <SimpleGrid cols={2}>
              <SchoolPicker
                value={schoolKey}
                initialLabel={placement?.schoolName ?? defaults.schoolLabel}
                onChange={(key) => setSchoolKey(key)}
                required
                error={dialog.fieldError('schoolId', schoolKey)}
              />
              <LevelSelect value={levelCode} onChange={setLevelCode} required error={dialog.fieldError('levelCode', levelCode)} />
            </SimpleGrid>
          </>
        )}
        <SimpleGrid cols={2}>
          <ActorPicker label="Structure d'accueil" kinds={['organisation']} value={hostKey} initialLabel={placement?.hostName ?? defaults.hostLabel} onChange={(key) => setHostKey(key)} required error={dialog.fieldError('hostOrganisationId', hostKey)} />
          <Select label="Type" data={PLACEMENT_KIND.options} value={kind} onChange={setKind} allowDeselect={false} />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <DateField label="Début" required value={startedOn} onChange={setStartedOn} error={dialog.fieldError('startedOn', startedOn)} />
          <DateField label="Fin" value={endedOn} onChange={setEndedOn} minDate={startedOn ?? undefined} error={dialog.fieldError('endedOn', endedOn)} />
          <Select label="Statut" data={PLACEMENT_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <ActorPicker label="Tuteur (annuaire)" kinds={['person']} value={tutorKey} initialLabel={placement?.tutorPersonId ? placement.tutor : null} onChange={(key) => setTutorKey(key)} />
          <TextInput label="ou tuteur (nom)" value={tutorName} disabled={Boolean(tutorKey)} onChange={(event) => setTutorName(event.currentTarget.value)} error={dialog.fieldError('tutorName', tutorName)} />
          <Select label="Édition" placeholder="Aucune" data={editions} value={editionId} onChange={setEditionId} clearable searchable />
        </SimpleGrid>
        <Textarea label="Issue du stage" placeholder="Ex. : bilan du tuteur, proposition d'alternance…" autosize minRows={2} value={outcome} onChange={(event) => setOutcome(event.currentTarget.value)} error={dialog.fieldError('outcome', outcome)} />
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={dialog.error} confirmLabel="Enregistrer le stage" />
      </Stack>
    </FormModal>
  )
}
