import { Alert, Anchor, Button, Grid, Group, MultiSelect, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import type { OrganisationInput, PersonInput } from '../../../../db/actors/schemas'
import { normalizeFrenchPhone, validateEmail, validateRna, validateSiret, validateUai } from '../../../../db/rules/identifiers'
import { ApiError } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { DateField } from '../../components/DateField'
import { useFormModal } from '../../components/FormModal'
import { DraftOffer, useDraft } from '../../components/useDraft'
import { focusFirstInvalid } from '../../components/useDialogSave'
import { RetryNotice } from '../../components/RetryNotice'
import { isStale, StaleNotice, TypedValuesKept } from '../../components/StaleRecord'
import { ACTOR_STATUS } from '../../../../db/rules/actor-values'

export type ActorKind = 'organisation' | 'person'

export interface ActorFormValues {
  name: string
  firstName: string
  lastName: string
  profileCode: string
  townCode: string
  outsideTown: string
  siret: string
  rna: string
  uai: string
  email: string
  phone: string
  website: string
  address: string
  postalCode: string
  jobTitle: string
  status: 'prospect' | 'vitawiner' | 'ancien'
  joinedOn: string | null
  notes: string
  tags: string[]
  networks: string[]
  fields: string[]
}

const OUTSIDE = 'hors'

export function emptyActorValues(kind: ActorKind): ActorFormValues {
  return {
    name: '',
    firstName: '',
    lastName: '',
    profileCode: kind === 'organisation' ? 'entreprise' : 'entreprise',
    townCode: '',
    outsideTown: '',
    siret: '',
    rna: '',
    uai: '',
    email: '',
    phone: '',
    website: '',
    address: '',
    postalCode: '',
    jobTitle: '',
    status: 'prospect',
    joinedOn: null,
    notes: '',
    tags: [],
    networks: [],
    fields: [],
  }
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim())

/** What organisations and people share: profile, town, contact, status, notes, tags, networks, custom fields. */
function sharedInput(values: ActorFormValues) {
  return {
    profileCode: values.profileCode,
    townCode: values.townCode && values.townCode !== OUTSIDE ? values.townCode : null,
    outsideTown: values.townCode === OUTSIDE ? orNull(values.outsideTown) : null,
    email: orNull(values.email),
    phone: orNull(values.phone),
    status: values.status,
    joinedOn: values.joinedOn,
    notes: orNull(values.notes),
    tags: values.tags,
    networks: values.networks,
    fields: values.fields,
  }
}

export function toOrganisationInput(values: ActorFormValues): OrganisationInput {
  return {
    ...sharedInput(values),
    name: values.name,
    siret: orNull(values.siret),
    rna: orNull(values.rna),
    uai: orNull(values.uai),
    website: orNull(values.website),
    address: orNull(values.address),
    postalCode: orNull(values.postalCode),
  }
}

export function toPersonInput(values: ActorFormValues): PersonInput {
  return { ...sharedInput(values), firstName: values.firstName, lastName: values.lastName, jobTitle: orNull(values.jobTitle) }
}

function fieldError(check: (value: string) => { ok: true } | { ok: false; message: string }) {
  return (value: string) => {
    if (!value.trim()) return null
    const result = check(value)
    return result.ok ? null : result.message
  }
}

/** The organisation or person form, for creating and editing. */
export function ActorForm({
  kind,
  initial,
  id,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  kind: ActorKind
  initial: ActorFormValues
  id?: number
  submitLabel: string
  onSubmit: (values: ActorFormValues) => Promise<void>
  onCancel?: () => void
}) {
  const reference = useReference()
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const [stale, setStale] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const form = useForm<ActorFormValues>({
    initialValues: initial,
    validate: {
      name: (value) => (kind === 'organisation' && !value.trim() ? 'Le nom est obligatoire.' : null),
      firstName: (value) => (kind === 'person' && !value.trim() ? 'Le prénom est obligatoire.' : null),
      lastName: (value) => (kind === 'person' && !value.trim() ? 'Le nom est obligatoire.' : null),
      siret: fieldError(validateSiret),
      rna: fieldError(validateRna),
      uai: fieldError(validateUai),
      email: fieldError(validateEmail),
      phone: fieldError(normalizeFrenchPhone),
      joinedOn: (value, values) => (values.status === 'vitawiner' && !value ? "Indiquez la date d'adhésion au réseau." : null),
      outsideTown: (value, values) => (values.townCode === OUTSIDE && !value.trim() ? 'Indiquez la commune.' : null),
    },
  })
  const formElement = useRef<HTMLFormElement>(null)
  // Once the refused fields are marked, the focus goes to the first one.
  const focusErrors = useRef(false)
  useEffect(() => {
    if (!focusErrors.current) return
    focusErrors.current = false
    focusFirstInvalid(formElement.current)
  })
  const values = form.getValues()
  const draft = useDraft(`acteur.${kind}.${id ?? 'nouveau'}`, values, (saved) => form.setValues(saved))
  const dialog = useFormModal()
  const draftName = kind === 'organisation' ? values.name : `${values.firstName} ${values.lastName}`.trim()
  const [debounced] = useDebouncedValue({ name: draftName, townCode: values.townCode, email: values.email }, 400)
  const similar = useApiQuery(
    'actors.similar',
    { kind, id: id ?? null, name: debounced.name, townCode: debounced.townCode && debounced.townCode !== OUTSIDE ? debounced.townCode : null, email: debounced.email || null },
    { enabled: debounced.name.length >= 3 || debounced.email.includes('@') },
  )

  const profiles = (reference.data?.profiles ?? []).map((profile) => ({ value: profile.code, label: profile.label }))
  const towns = [
    ...(reference.data?.towns ?? []).map((town) => ({ value: town.code, label: town.label })),
    { value: OUTSIDE, label: 'Hors territoire…' },
  ]
  const existing = serverError?.code === 'duplicate' ? (serverError.details as { existing?: { key: string; name: string } } | undefined)?.existing : undefined

  const submit = form.onSubmit(async (submitted) => {
    setServerError(null)
    setStale(null)
    setSaving(true)
    try {
      await onSubmit(submitted)
      draft.clear()
    } catch (error) {
      if (isStale(error)) setStale(error.message)
      else if (error instanceof ApiError) {
        const details = error.details as { field?: string; issues?: Array<{ path: string[]; message: string }> } | undefined
        const onFields = details?.field ? [{ field: details.field, message: error.message }] : (details?.issues ?? []).map((issue) => ({ field: issue.path.at(-1) ?? '', message: issue.message }))
        const shown = onFields.filter(({ field }) => field in submitted)
        for (const { field, message } of shown) form.setFieldError(field, message)
        focusErrors.current = shown.length > 0
        if (shown.length === 0 || shown.length < onFields.length || error.code === 'duplicate') setServerError(error)
      } else throw error
    } finally {
      setSaving(false)
    }
  }, () => {
    focusErrors.current = true
  })

  return (
    <form ref={formElement} onSubmit={submit} noValidate aria-label={kind === 'organisation' ? "Fiche de l'organisation" : 'Fiche de la personne'}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        {kind === 'organisation' ? (
          <TextInput label="Nom" required {...form.getInputProps('name')} />
        ) : (
          <SimpleGrid cols={2}>
            <TextInput label="Prénom" required {...form.getInputProps('firstName')} />
            <TextInput label="Nom" required {...form.getInputProps('lastName')} />
          </SimpleGrid>
        )}
        <SimpleGrid cols={2}>
          <Select label="Profil" required data={profiles} allowDeselect={false} {...form.getInputProps('profileCode')} />
          <Select label="Commune" placeholder="Choisir une commune" data={towns} searchable clearable {...form.getInputProps('townCode')} />
        </SimpleGrid>
        {values.townCode === OUTSIDE && <TextInput label="Commune hors territoire" required {...form.getInputProps('outsideTown')} />}
        {kind === 'organisation' ? (
          <SimpleGrid cols={3}>
            <TextInput label="SIRET" description="14 chiffres" {...form.getInputProps('siret')} />
            <TextInput label="RNA (associations)" description="W suivi de 9 chiffres" {...form.getInputProps('rna')} />
            <TextInput label="UAI (établissements)" description="7 chiffres et une lettre" {...form.getInputProps('uai')} />
          </SimpleGrid>
        ) : (
          <TextInput label="Fonction" {...form.getInputProps('jobTitle')} />
        )}
        <SimpleGrid cols={2}>
          <TextInput label="Courriel" type="email" {...form.getInputProps('email')} />
          <TextInput label="Téléphone" placeholder="01 23 45 67 89" {...form.getInputProps('phone')} />
        </SimpleGrid>
        {kind === 'organisation' && (
          <Grid>
            <Grid.Col span={6}>
              <TextInput label="Adresse" placeholder="N° et rue" {...form.getInputProps('address')} />
            </Grid.Col>
            <Grid.Col span={2}>
              <TextInput label="Code postal" {...form.getInputProps('postalCode')} />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput label="Site internet" placeholder="https://…" {...form.getInputProps('website')} />
            </Grid.Col>
          </Grid>
        )}
        <SimpleGrid cols={2}>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Statut dans le réseau
            </Text>
            <SegmentedControl
              data={ACTOR_STATUS.options}
              {...form.getInputProps('status')}
            />
          </Stack>
          <DateField
            label="Date d'adhésion"
            value={values.joinedOn}
            onChange={(value) => form.setFieldValue('joinedOn', value)}
            error={form.errors.joinedOn}
          />
        </SimpleGrid>
        <MultiSelect
          label="Domaines d'action"
          data={(reference.data?.fields ?? []).map((field) => ({ value: field.code, label: field.label }))}
          {...form.getInputProps('fields')}
        />
        <SimpleGrid cols={2}>
          <TagsInput label="Étiquettes" data={(reference.data?.tags ?? []).map((tag) => tag.name)} {...form.getInputProps('tags')} />
          <TagsInput label="Réseaux et clubs" data={(reference.data?.networks ?? []).map((network) => network.name)} {...form.getInputProps('networks')} />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={3} maxRows={10} {...form.getInputProps('notes')} />

        {similar.data && similar.data.length > 0 && (
          <Alert color="yellow" icon={<IconAlertTriangle />} title="Doublon possible">
            <Stack gap={2}>
              {similar.data.map((warning) => (
                <Text size="sm" key={warning.key}>
                  {warning.reason} : <Anchor component={Link} to={`/acteurs/${warning.key}`}>{warning.name}</Anchor>
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <TypedValuesKept />
        {stale && onCancel && <StaleNotice message={stale} onClose={onCancel} />}
        {serverError && (
          <Alert color="red" title="Enregistrement impossible" role="alert">
            {serverError.code === 'server_unreachable' ? (
              <RetryNotice message={serverError.message} onRetry={() => formElement.current?.requestSubmit()} retrying={saving} />
            ) : (
              serverError.message
            )}{' '}
            {existing && (
              <Anchor component={Link} to={`/acteurs/${existing.key}`}>
                Ouvrir la fiche existante
              </Anchor>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={dialog?.requestClose ?? onCancel}>
              Annuler
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
