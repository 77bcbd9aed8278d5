import { Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { DateField } from '../../components/DateField'
import { useDialogSave } from '../../components/useDialogSave'
import { useLoadedVersion } from '../../components/StaleRecord'
import { FormModal } from '../../components/FormModal'
import { ModalFooter } from '../../components/ModalFooter'

type Actor = ApiResult<'actors.get'>

/** Links a person to an organisation, from either side. */
export function AffiliationModal({ actor, affiliationId, onClose }: { actor: Actor; affiliationId: number | null; onClose: () => void }) {
  const existing = actor.affiliations.find((item) => item.id === affiliationId)
  const version = useLoadedVersion(existing?.version)
  const wanted = actor.kind === 'organisation' ? 'person' : 'organisation'
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const results = useApiQuery('search.query', { query: debounced, limit: 30 }, { enabled: debounced.length >= 2 })
  const [other, setOther] = useState<string | null>(existing ? (actor.kind === 'organisation' ? `p${existing.personId}` : `o${existing.organisationId}`) : null)
  const [otherLabel, setOtherLabel] = useState<string>(existing ? (actor.kind === 'organisation' ? `${existing.firstName} ${existing.lastName}` : existing.organisationName) : '')
  const [role, setRole] = useState(existing?.role ?? '')
  const [startedOn, setStartedOn] = useState<string | null>(existing?.startedOn ?? null)
  const [endedOn, setEndedOn] = useState<string | null>(existing?.endedOn ?? null)
  const dialog = useDialogSave(onClose)
  const otherField = wanted === 'person' ? 'personId' : 'organisationId'
  const save = useApiMutation('affiliations.save', { successMessage: 'Rattachement enregistré.', silentErrors: true })

  const options = [
    ...(other && otherLabel ? [{ value: other, label: otherLabel }] : []),
    ...(results.data ?? []).filter((hit) => hit.kind === wanted && hit.actorKey !== other).map((hit) => ({ value: hit.actorKey, label: `${hit.title} — ${hit.subtitle}` })),
  ]

  const submit = async () => {
    if (!other) return dialog.refuse(otherField, wanted === 'person' ? 'Choisissez la personne.' : "Choisissez l'organisation.")
    const selfId = Number(actor.key.slice(1))
    const otherId = Number(other.slice(1))
    await dialog.submit(() => save.mutateAsync({
      id: affiliationId,
      version,
      values: {
        personId: actor.kind === 'person' ? selfId : otherId,
        organisationId: actor.kind === 'organisation' ? selfId : otherId,
        role: role || null,
        startedOn,
        endedOn,
      },
    }))
  }

  return (
    <FormModal opened onClose={onClose} title="Rattachement" size="lg">
      <Stack gap="sm">
        <Select
          label={wanted === 'person' ? 'Personne' : 'Organisation'}
          placeholder="Tapez le nom…"
          searchable
          data={options}
          value={other}
          searchValue={search}
          onSearchChange={setSearch}
          onChange={(value, option) => {
            setOther(value)
            setOtherLabel(option?.label ?? '')
          }}
          nothingFoundMessage={debounced.length >= 2 ? 'Aucun résultat' : undefined}
          filter={({ options: items }) => items}
          error={dialog.fieldError(otherField, other)}
        />
        <TextInput label="Rôle" placeholder="Ex. : dirigeante, référent Q2ER, professeur principal" value={role} onChange={(event) => setRole(event.currentTarget.value)} error={dialog.fieldError('role', role)} />
        <SimpleGrid cols={2}>
          <DateField label="Depuis le" value={startedOn} onChange={setStartedOn} error={dialog.fieldError('startedOn', startedOn)} />
          <DateField label="Jusqu'au" value={endedOn} onChange={setEndedOn} error={dialog.fieldError('endedOn', [startedOn, endedOn])} />
        </SimpleGrid>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={dialog.error} />
      </Stack>
    </FormModal>
  )
}
