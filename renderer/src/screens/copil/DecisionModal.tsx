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
import { DraftOffer, useDraft } from '../../components/useDraft'
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
  const dialog = useDialogSave(onClose)
  // The owner's picker shows the restored name once remounted.
  const [restored, setRestored] = useState(0)
  const draft = useDraft(`decision.${session.id}.${decision?.id ?? 'nouvelle'}`, { text, kind, owner, dueOn }, (saved) => {
    setText(saved.text)
    setKind(saved.kind)
    setOwner(saved.owner)
    setDueOn(saved.dueOn)
    setRestored((count) => count + 1)
  })

  const submit = async () => {
    dialog.fail(null)
    if (!text.trim()) return dialog.refuse('text', 'Le texte de la décision est obligatoire.')
    if (!kind) return dialog.refuse('kind', 'Choisissez la nature de la décision.')
    await dialog.submit(async () => {
      await save.mutateAsync({
        id: decision?.id ?? null,
        version: loadedVersion,
        values: { sessionId: session.id, text, kind, owner: owner.actor, ownerLabel: owner.actor ? null : owner.name, dueOn },
      })
      draft.clear()
    })
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
    <FormModal opened onClose={onClose} title={decision ? `Modifier la décision ${decision.reference}` : `Nouvelle décision — séance ${session.reference}`} size="lg" onDiscard={draft.clear}>
      <Stack gap="sm">
        <DraftOffer draft={draft} />
        <Textarea
          label="Décision"
          required
          autosize
          minRows={3}
          placeholder="Ce que le COPIL a décidé, en une ou deux phrases"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={dialog.fieldError('text', text)}
        />
        <SimpleGrid cols={2}>
          <Select label="Nature" required data={DECISION_KIND.options} value={kind} onChange={(value) => setKind(value as DecisionKind | null)} placeholder="Choisir" error={dialog.fieldError('kind', kind)} />
          <DateField label="Échéance" value={dueOn} onChange={setDueOn} error={dialog.fieldError('dueOn', dueOn)} />
        </SimpleGrid>
        <ActorOrName
          key={restored}
          label="Responsable"
          value={owner}
          onChange={setOwner}
          freePlaceholder="Ex. : les deux animateurs, le bureau du COPIL"
          error={dialog.fieldError('owner', owner) ?? dialog.fieldError('ownerLabel', owner)}
        />
        {!decision && (
          <Text size="xs" c="dimmed">
            La décision reçoit une référence {session.reference}-D… et le statut « À lancer » ; son avancement se note ensuite par des suivis.
          </Text>
        )}
        <ModalFooter
          onCancel={onClose}
          onConfirm={() => void submit()}
          busy={save.isPending}
          error={dialog.error}
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
