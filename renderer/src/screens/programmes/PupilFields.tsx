import { Checkbox, Fieldset, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import type { PupilInput } from '../../../../db/programmes/schemas'
import { currentSchoolYear, nextSchoolYear, previousSchoolYear } from '../../../../db/rules/school-year'
import { useReference } from '../../api/reference'
import { SchoolPicker } from '../../components/ActorPicker'
import { DateField } from '../../components/DateField'
import type { DialogSave } from '../../components/useDialogSave'

// A named pupil: only what is needed, and the parents' consent when the pupil is a minor.

export interface PupilDraft {
  firstName: string
  lastName: string
  isMinor: boolean
  schoolKey: string | null
  schoolLabel: string | null
  levelCode: string | null
  schoolYear: string
  consentGivenBy: string
  consentGivenOn: string | null
  consentScope: string
  consentExpiresOn: string | null
}

export function emptyPupil(schoolYear = currentSchoolYear()): PupilDraft {
  return { firstName: '', lastName: '', isMinor: true, schoolKey: null, schoolLabel: null, levelCode: null, schoolYear, consentGivenBy: '', consentGivenOn: null, consentScope: '', consentExpiresOn: null }
}

export function pupilValues(draft: PupilDraft): PupilInput {
  return {
    firstName: draft.firstName,
    lastName: draft.lastName,
    isMinor: draft.isMinor,
    schoolId: draft.schoolKey ? Number(draft.schoolKey.slice(1)) : null,
    levelCode: draft.levelCode,
    schoolYear: draft.schoolYear,
    consentGivenBy: draft.isMinor ? draft.consentGivenBy : null,
    consentGivenOn: draft.isMinor ? draft.consentGivenOn : null,
    consentScope: draft.isMinor ? draft.consentScope : null,
    consentExpiresOn: draft.isMinor ? draft.consentExpiresOn : null,
  }
}

/** The school years offered in forms: last year, this year and the next two. */
export function schoolYearOptions(around = currentSchoolYear()): string[] {
  const next = nextSchoolYear(around)
  return [previousSchoolYear(around), around, next, nextSchoolYear(next)]
}

export function LevelSelect(props: { label?: string | null; ariaLabel?: string; value: string | null; onChange: (value: string | null) => void; required?: boolean; w?: number | string; error?: string }) {
  const reference = useReference()
  return (
    <Select
      label={props.label === null ? undefined : (props.label ?? 'Niveau')}
      aria-label={props.ariaLabel}
      placeholder="Choisir"
      data={(reference.data?.schoolLevels ?? []).map((level) => ({ value: level.code, label: level.label }))}
      value={props.value}
      onChange={props.onChange}
      required={props.required}
      w={props.w}
      error={props.error}
      clearable={!props.required}
    />
  )
}

/**
 * The pupil's fields. `fieldError` is the dialog's (useDialogSave): a refusal shows on its field; the
 * consent's refusal (field `consent`) on the first of its parts left empty, the others marked « À indiquer ».
 */
export function PupilFields({ value, onChange, fieldError }: { value: PupilDraft; onChange: (next: PupilDraft) => void; fieldError: DialogSave['fieldError'] }) {
  const set = <K extends keyof PupilDraft>(key: K, next: PupilDraft[K]) => onChange({ ...value, [key]: next })
  const consentError = value.isMinor ? fieldError('consent', [value.consentGivenBy, value.consentGivenOn, value.consentScope]) : undefined
  const missing = consentError ? (['consentGivenBy', 'consentGivenOn', 'consentScope'] as const).filter((key) => !value[key]?.trim()) : []
  const consentPart = (key: (typeof missing)[number]) => (missing[0] === key ? consentError : missing.includes(key) ? 'À indiquer' : fieldError(key, value[key]))
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2}>
        <TextInput label="Prénom de l'élève" required value={value.firstName} onChange={(event) => set('firstName', event.currentTarget.value)} error={fieldError('firstName', value.firstName)} />
        <TextInput label="Nom de l'élève" required value={value.lastName} onChange={(event) => set('lastName', event.currentTarget.value)} error={fieldError('lastName', value.lastName)} />
      </SimpleGrid>
      <SimpleGrid cols={3}>
        <SchoolPicker
          value={value.schoolKey}
          initialLabel={value.schoolLabel}
          onChange={(key, label) => onChange({ ...value, schoolKey: key, schoolLabel: label })}
        />
        <LevelSelect value={value.levelCode} onChange={(next) => set('levelCode', next)} error={fieldError('levelCode', value.levelCode)} />
        <Select label="Année scolaire" data={schoolYearOptions()} value={value.schoolYear} onChange={(next) => next && set('schoolYear', next)} allowDeselect={false} error={fieldError('schoolYear', value.schoolYear)} />
      </SimpleGrid>
      <Checkbox label="Élève mineur" checked={value.isMinor} onChange={(event) => set('isMinor', event.currentTarget.checked)} />
      {value.isMinor ? (
        <Fieldset
          legend="Consentement des parents"
          aria-label="Consentement des parents"
          style={consentError ? { borderColor: 'var(--mantine-color-red-9)' } : undefined}
        >
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Obligatoire pour nommer un élève mineur : qui l'a donné, quand, et pour quel usage.
            </Text>
            <SimpleGrid cols={2}>
              <TextInput
                label="Donné par"
                withAsterisk
                placeholder="Ex. : Mme Carvalho (mère)"
                value={value.consentGivenBy}
                onChange={(event) => set('consentGivenBy', event.currentTarget.value)}
                error={consentPart('consentGivenBy')}
              />
              <DateField label="Le" withAsterisk value={value.consentGivenOn} onChange={(next) => set('consentGivenOn', next)} error={consentPart('consentGivenOn')} />
            </SimpleGrid>
            <Textarea
              label="Objet du consentement"
              withAsterisk
              error={consentPart('consentScope')}
              placeholder="Ex. : stage d'observation — nom et établissement transmis à l'entreprise d'accueil"
              autosize
              minRows={2}
              value={value.consentScope}
              onChange={(event) => set('consentScope', event.currentTarget.value)}
            />
            <DateField label="Valable jusqu'au" value={value.consentExpiresOn} onChange={(next) => set('consentExpiresOn', next)} w={200} error={fieldError('consentExpiresOn', value.consentExpiresOn)} />
          </Stack>
        </Fieldset>
      ) : (
        <Text size="sm" c="dimmed">
          Élève majeur : aucun consentement parental n'est requis.
        </Text>
      )}
    </Stack>
  )
}
