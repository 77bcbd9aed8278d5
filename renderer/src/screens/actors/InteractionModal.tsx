import { Autocomplete, Button, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { DateField } from '../../components/DateField'
import { INTERACTION_KIND } from '../../../../db/rules/actor-values'
import { FormModal } from '../../components/FormModal'
import { ModalFooter } from '../../components/ModalFooter'
import { useDialogSave } from '../../components/useDialogSave'
import { DraftOffer, useDraft } from '../../components/useDraft'

type Actor = ApiResult<'actors.get'>

/** Notes an interaction in the journal (or edits one). */
export function InteractionModal({ actor, interactionId, onClose }: { actor: Actor; interactionId: number | null; onClose: () => void }) {
  const settings = useApiQuery('settings.get')
  const animators = useApiQuery('journal.animators')
  const usualKind = useApiQuery('journal.usualKind')
  const add = useApiMutation('journal.add', { successMessage: 'Échange noté au journal.', silentErrors: true })
  const update = useApiMutation('journal.update', { successMessage: 'Échange modifié.', silentErrors: true })
  const remove = useApiMutation('journal.delete', { successMessage: 'Échange supprimé.' })
  const existing = interactionId === null ? null : actor.timeline.find((event) => event.interactionId === interactionId)
  const [kind, setKind] = useState<string | null>(null)
  const [occurredOn, setOccurredOn] = useState<string | null>(todayIso())
  const [animator, setAnimator] = useState('')
  const [summary, setSummary] = useState('')
  const [nextStep, setNextStep] = useState('')
  const [nextStepDueOn, setNextStepDueOn] = useState<string | null>(null)
  const [contactPersonId, setContactPersonId] = useState<string | null>(null)
  const [version, setVersion] = useState<number | undefined>()
  const save = useDialogSave(onClose)
  const draft = useDraft(
    `echange.${actor.key}.${interactionId ?? 'nouveau'}`,
    { kind, occurredOn, animator, summary, nextStep, nextStepDueOn, contactPersonId },
    (saved) => {
      setKind(saved.kind)
      setOccurredOn(saved.occurredOn)
      setAnimator(saved.animator)
      setSummary(saved.summary)
      setNextStep(saved.nextStep)
      setNextStepDueOn(saved.nextStepDueOn)
      setContactPersonId(saved.contactPersonId)
    },
  )

  useEffect(() => {
    if (interactionId === null) {
      if (settings.data?.animator) setAnimator((current) => current || settings.data.animator || '')
      if (usualKind.isSuccess) setKind((current) => current ?? usualKind.data ?? 'rencontre')
      return
    }
    void call('journal.get', { id: interactionId }).then((row) => {
      setKind(row.kind)
      setOccurredOn(row.occurredOn)
      setAnimator(row.animator)
      setSummary(row.summary)
      setNextStep(row.nextStep ?? '')
      setNextStepDueOn(row.nextStepDueOn)
      setContactPersonId(row.contactPersonId ? String(row.contactPersonId) : null)
      setVersion(row.version)
    })
  }, [interactionId, settings.data, usualKind.isSuccess, usualKind.data])

  const contacts = actor.kind === 'organisation' ? actor.affiliations.map((item) => ({ value: String(item.personId), label: `${item.firstName} ${item.lastName}` })) : []
  const animatorChoices = [...new Set([...(animators.data ?? []), ...(settings.data?.animator ? [settings.data.animator] : [])])]

  const confirm = async () => {
    const values = {
      actor: actor.key,
      kind: kind as never,
      occurredOn: occurredOn ?? '',
      animator,
      summary,
      nextStep: nextStep || null,
      nextStepDueOn,
      contactPersonId: contactPersonId ? Number(contactPersonId) : null,
    }
    await save.submit(async () => {
      await (interactionId === null ? add.mutateAsync(values) : update.mutateAsync({ id: interactionId, version, values }))
      draft.clear()
    })
  }

  return (
    <FormModal opened onClose={onClose} title={interactionId === null ? 'Noter un échange' : "Modifier l'échange"} size="lg" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <SimpleGrid cols={3}>
          <Select label="Type" data={INTERACTION_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} error={save.fieldError('kind', kind)} />
          <DateField label="Date" required value={occurredOn} onChange={setOccurredOn} error={save.fieldError('occurredOn', occurredOn)} />
          <Autocomplete
            label="Animateur ou animatrice"
            data={animatorChoices}
            value={animator}
            onChange={setAnimator}
            placeholder="Nom"
            required
            error={save.fieldError('animator', animator)}
          />
        </SimpleGrid>
        {contacts.length > 0 && <Select label="Personne rencontrée" data={contacts} value={contactPersonId} onChange={setContactPersonId} clearable />}
        <Textarea
          label="Résumé"
          required
          autosize
          minRows={3}
          value={summary}
          onChange={(event) => setSummary(event.currentTarget.value)}
          error={save.fieldError('summary', summary)}
        />
        <SimpleGrid cols={2}>
          <TextInput label="Prochaine étape convenue" value={nextStep} onChange={(event) => setNextStep(event.currentTarget.value)} error={save.fieldError('nextStep', nextStep)} />
          <DateField label="Échéance" value={nextStepDueOn} onChange={setNextStepDueOn} error={save.fieldError('nextStepDueOn', [nextStepDueOn, occurredOn])} />
        </SimpleGrid>
        {existing === undefined && interactionId !== null && <Text size="sm">Chargement…</Text>}
        <ModalFooter
          onCancel={onClose}
          onConfirm={() => void confirm()}
          busy={add.isPending || update.isPending}
          error={save.error}
          secondary={
            interactionId !== null ? (
              <Button color="red" variant="subtle" onClick={() => remove.mutate({ id: interactionId, version }, { onSuccess: onClose })}>
                Supprimer l'échange
              </Button>
            ) : undefined
          }
        />
      </Stack>
    </FormModal>
  )
}
