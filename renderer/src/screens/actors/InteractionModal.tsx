import { Autocomplete, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { todayIso } from '../../../../db/rules/dates'
import { call, errorMessage } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { DateField } from '../../components/DateField'
import { INTERACTION_KIND } from '../../../../db/rules/actor-values'

type Actor = ApiResult<'actors.get'>

/** Notes an interaction in the journal (or edits one). */
export function InteractionModal({ actor, interactionId, onClose }: { actor: Actor; interactionId: number | null; onClose: () => void }) {
  const settings = useApiQuery('settings.get')
  const animators = useApiQuery('journal.animators')
  const add = useApiMutation('journal.add', { successMessage: 'Échange noté au journal.', silentErrors: true })
  const update = useApiMutation('journal.update', { successMessage: 'Échange modifié.', silentErrors: true })
  const remove = useApiMutation('journal.delete', { successMessage: 'Échange supprimé.' })
  const existing = interactionId === null ? null : actor.timeline.find((event) => event.interactionId === interactionId)
  const [kind, setKind] = useState<string>('rencontre')
  const [occurredOn, setOccurredOn] = useState<string | null>(todayIso())
  const [animator, setAnimator] = useState('')
  const [summary, setSummary] = useState('')
  const [nextStep, setNextStep] = useState('')
  const [nextStepDueOn, setNextStepDueOn] = useState<string | null>(null)
  const [contactPersonId, setContactPersonId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (interactionId === null) {
      if (settings.data?.animator) setAnimator((current) => current || settings.data.animator || '')
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
    })
  }, [interactionId, settings.data])

  const contacts = actor.kind === 'organisation' ? actor.affiliations.map((item) => ({ value: String(item.personId), label: `${item.firstName} ${item.lastName}` })) : []
  const animatorChoices = [...new Set([...(animators.data ?? []), ...(settings.data?.animator ? [settings.data.animator] : [])])]

  const save = async () => {
    setError(null)
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
    try {
      if (interactionId === null) await add.mutateAsync(values)
      else await update.mutateAsync({ id: interactionId, values })
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }

  return (
    <Modal opened onClose={onClose} title={interactionId === null ? 'Noter un échange' : "Modifier l'échange"} size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={3}>
          <Select label="Type" data={INTERACTION_KIND.options} value={kind} onChange={(value) => value && setKind(value)} allowDeselect={false} />
          <DateField label="Date" required value={occurredOn} onChange={setOccurredOn} />
          <Autocomplete label="Animateur ou animatrice" data={animatorChoices} value={animator} onChange={setAnimator} placeholder="Nom" required />
        </SimpleGrid>
        {contacts.length > 0 && <Select label="Personne rencontrée" data={contacts} value={contactPersonId} onChange={setContactPersonId} clearable />}
        <Textarea label="Résumé" required autosize minRows={3} value={summary} onChange={(event) => setSummary(event.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <TextInput label="Prochaine étape convenue" value={nextStep} onChange={(event) => setNextStep(event.currentTarget.value)} />
          <DateField
            label="Échéance"
            value={nextStepDueOn}
            onChange={setNextStepDueOn}
            description={nextStepDueOn && occurredOn && nextStepDueOn < occurredOn ? "Attention : avant la date de l'échange (l'étape sera en retard)." : undefined}
            styles={{ description: { color: 'var(--mantine-color-orange-8)' } }}
          />
        </SimpleGrid>
        {existing === undefined && interactionId !== null && <Text size="sm">Chargement…</Text>}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="space-between">
          {interactionId !== null ? (
            <Button color="red" variant="subtle" onClick={() => remove.mutate({ id: interactionId }, { onSuccess: onClose })}>
              Supprimer l'échange
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button onClick={() => void save()} loading={add.isPending || update.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
