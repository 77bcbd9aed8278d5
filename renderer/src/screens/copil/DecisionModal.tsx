import { Button, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation } from '../../api/hooks'
import { useLoadedVersion } from '../../components/StaleRecord'
import { DateField } from '../../components/DateField'
import { ActorOrName, type ActorOrNameValue } from '../../components/ActorOrName'
import { ModalFooter } from '../../components/ModalFooter'
import { confirmDanger } from '../../components/confirmDanger'
import { DECISION_KIND, type DecisionKind } from '../../../../db/rules/copil-values'
import { useDialogSave } from '../../components/useDialogSave'
import { FormModal } from '../../components/FormModal'

export type Decision = ApiResult<'copil.decisions'>[number]

/** « Nouvelle décision » (or its correction): text, kind, owner, due date. Its status moves through follow-ups. */
export function DecisionModal({ session, decision, onClose }: { session: { id: number; reference: string }; decision: Decision | null; onClose: () => void }) {
  const loadedVersion = useLoadedVersion(decision?.version)
  const save = useApiMutation('copil.saveDecision', { successMessage: decision ? 'Décision modifiée.' : 'Décision enregistrée.', silentErrors: true })
  const remove = useApiMutation('copil.deleteDecision', { successMessage: 'Décision supprimée.' })
  const [text, setText] = useState(decision?.text ?? '')
  const [kind, setKind] = useState<DecisionKind | null>(decision?.kind ?? null)
  const [owner, setOwner] = useState<ActorOrNameValue>({
    actor: decision?.ownerKey ?? null,
    actorLabel: decision?.ownerKey ? decision.owner : null,
    name: decision && !decision.ownerKey ? (decision.ownerLabel ?? '') : '',
  })
  const [dueOn, setDueOn] = useState<string | null>(decision?.dueOn ?? null)
  const { error, fail: setError, submit: saveAndClose } = useDialogSave(onClose)

  const submit = async () => {
    setError(null)
    if (!text.trim()) return setError('Le texte de la décision est obligatoire.')
    if (!kind) return setError('Choisissez la nature de la décision.')
    await saveAndClose(() => save.mutateAsync({
      id: decision?.id ?? null,
      version: loadedVersion,
      values: { sessionId: session.id, text, kind, owner: owner.actor, ownerLabel: owner.actor ? null : owner.name, dueOn },
    }))
  }

  const confirmDelete = () =>
    confirmDanger({
      title: 'Supprimer la décision',
      children: (
        <Text size="sm">
          La décision {decision!.reference} et tout son historique de suivi seront supprimés. Si elle retenait une piste d'action d'un groupe de travail, la piste redevient « proposée ».
        </Text>
      ),
      confirmLabel: 'Supprimer',
      onConfirm: () => remove.mutate({ id: decision!.id, version: decision!.version }, { onSuccess: onClose }),
    })

  return (
    <FormModal opened onClose={onClose} title={decision ? `Modifier la décision ${decision.reference}` : `Nouvelle décision — séance ${session.reference}`} size="lg">
      <Stack gap="sm">
        <Textarea label="Décision" required autosize minRows={3} placeholder="Ce que le COPIL a décidé, en une ou deux phrases" value={text} onChange={(event) => setText(event.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <Select label="Nature" required data={DECISION_KIND.options} value={kind} onChange={(value) => setKind(value as DecisionKind | null)} placeholder="Choisir" />
          <DateField label="Échéance" value={dueOn} onChange={setDueOn} />
        </SimpleGrid>
        <ActorOrName label="Responsable" value={owner} onChange={setOwner} freePlaceholder="Ex. : les deux animateurs, le bureau du COPIL" />
        {!decision && (
          <Text size="xs" c="dimmed">
            La décision reçoit une référence {session.reference}-D… et le statut « À lancer » ; son avancement se note ensuite par des suivis.
          </Text>
        )}
        <ModalFooter
          onCancel={onClose}
          onConfirm={() => void submit()}
          busy={save.isPending}
          error={error}
          secondary={
            decision && (
              <Button color="red" variant="subtle" onClick={confirmDelete}>
                Supprimer la décision
              </Button>
            )
          }
        />
      </Stack>
    </FormModal>
  )
}
