import { Checkbox, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { ModalFooter } from '../../components/ModalFooter'
import { useApiMutation } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { DateField } from '../../components/DateField'
import { REQUEST_KIND, REQUEST_STATUS } from '../../../../db/rules/actor-values'
import { useDialogSave } from '../../components/useDialogSave'
import { useLoadedVersion } from '../../components/StaleRecord'
import { FormModal } from '../../components/FormModal'
import { DraftOffer, useDraft } from '../../components/useDraft'

type Actor = ApiResult<'actors.get'>

export function OfferModal({ actor, offerId, onClose }: { actor: Actor; offerId: number | null; onClose: () => void }) {
  const reference = useReference()
  const existing = actor.offers.find((offer) => offer.id === offerId)
  const version = useLoadedVersion(existing?.version)
  const save = useApiMutation('offers.save', { successMessage: 'Offre enregistrée.', silentErrors: true })
  const [type, setType] = useState<string | null>(existing?.offerTypeCode ?? null)
  const [capacity, setCapacity] = useState<number | string>(existing?.capacity ?? '')
  const [levels, setLevels] = useState<string[]>(existing?.schoolLevels ?? [])
  const [availability, setAvailability] = useState(existing?.availability ?? '')
  const [notes, setNotes] = useState(existing?.notes ?? '')
  const [active, setActive] = useState(existing?.active ?? true)
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const submit = async () => {
    if (!type) return dialog.refuse('offerTypeCode', "Choisissez le type d'engagement.")
    await saveAndClose(() => save.mutateAsync({
      id: offerId,
      version,
      values: { actor: actor.key, offerTypeCode: type, capacity: capacity === '' ? null : Number(capacity), schoolLevels: levels, availability: availability || null, notes: notes || null, active },
    }))
  }
  return (
    <FormModal opened onClose={onClose} title={offerId === null ? "Nouvelle offre d'engagement" : "Modifier l'offre d'engagement"} size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <Select label="Type d'engagement" required data={(reference.data?.offerTypes ?? []).map((item) => ({ value: item.code, label: item.label }))} value={type} onChange={setType} error={dialog.fieldError('offerTypeCode', type)} />
          <NumberInput label="Capacité (élèves ou interventions)" min={0} value={capacity} onChange={setCapacity} thousandSeparator=" " error={dialog.fieldError('capacity', capacity)} />
        </SimpleGrid>
        <MultiSelect label="Niveaux scolaires" data={(reference.data?.schoolLevels ?? []).map((item) => ({ value: item.code, label: item.label }))} value={levels} onChange={setLevels} error={dialog.fieldError('schoolLevels', levels)} />
        <TextInput label="Disponibilité" placeholder="Ex. : de janvier à juin, hors vacances scolaires" value={availability} onChange={(event) => setAvailability(event.currentTarget.value)} error={dialog.fieldError('availability', availability)} />
        <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={dialog.fieldError('notes', notes)} />
        <Checkbox label="Offre active" checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} />
      </Stack>
    </FormModal>
  )
}

export function RequestModal({ actor, requestId, onClose }: { actor: Actor; requestId: number | null; onClose: () => void }) {
  const reference = useReference()
  const existing = actor.requests.find((request) => request.id === requestId)
  const version = useLoadedVersion(existing?.version)
  const save = useApiMutation('requests.save', { successMessage: 'Demande enregistrée.', silentErrors: true })
  const [kind, setKind] = useState<string>(existing?.kind ?? 'intervenants')
  const [title, setTitle] = useState(existing?.title ?? '')
  const [description, setDescription] = useState(existing?.description ?? '')
  const [level, setLevel] = useState<string | null>(existing?.schoolLevel ?? null)
  const [quantity, setQuantity] = useState<number | string>(existing?.quantity ?? '')
  const [wantedOn, setWantedOn] = useState<string | null>(existing?.wantedOn ?? null)
  const [status, setStatus] = useState<string>(existing?.status ?? 'ouverte')
  const dialog = useDialogSave(onClose)
  const { error, submit: saveAndClose } = dialog
  const draft = useDraft(`demande.${actor.key}.${requestId ?? 'nouvelle'}`, { kind, title, description, level, quantity, wantedOn, status }, (saved) => {
    setKind(saved.kind)
    setTitle(saved.title)
    setDescription(saved.description)
    setLevel(saved.level)
    setQuantity(saved.quantity)
    setWantedOn(saved.wantedOn)
    setStatus(saved.status)
  })
  const submit = async () => {
    await saveAndClose(async () => {
      await save.mutateAsync({
        id: requestId,
        version,
        values: { actor: actor.key, kind: kind as never, title, description: description || null, schoolLevel: level, quantity: quantity === '' ? null : Number(quantity), wantedOn, status: status as never },
      })
      draft.clear()
    })
  }
  return (
    <FormModal opened onClose={onClose} title={requestId === null ? 'Nouvelle demande' : 'Modifier la demande'} size="lg" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <SimpleGrid cols={2}>
          <Select label="Type de demande" data={REQUEST_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} error={dialog.fieldError('kind', kind)} />
          <Select label="Statut" data={REQUEST_STATUS.options} value={status} onChange={(value) => value && setStatus(value)} allowDeselect={false} error={dialog.fieldError('status', status)} />
        </SimpleGrid>
        <TextInput label="Intitulé" required value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={dialog.fieldError('title', title)} />
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(event) => setDescription(event.currentTarget.value)} error={dialog.fieldError('description', description)} />
        <SimpleGrid cols={3}>
          <Select label="Niveau" data={(reference.data?.schoolLevels ?? []).map((item) => ({ value: item.code, label: item.label }))} value={level} onChange={setLevel} clearable error={dialog.fieldError('schoolLevel', level)} />
          <NumberInput label="Nombre" min={0} value={quantity} onChange={setQuantity} error={dialog.fieldError('quantity', quantity)} />
          <DateField label="Souhaitée pour le" value={wantedOn} onChange={setWantedOn} error={dialog.fieldError('wantedOn', wantedOn)} />
        </SimpleGrid>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={error} />
      </Stack>
    </FormModal>
  )
}
