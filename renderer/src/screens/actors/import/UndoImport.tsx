import { Alert, Button, List, Stack, Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconArrowBackUp } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../../main/api'
import { ApiError, call, errorMessage } from '../../../api/client'
import { confirmDanger } from '../../../components/confirmDanger'
import { formatDateTime, plural } from '../../../../../db/rules/format'

type Undone = ApiResult<'actors.import.undo'>

interface Conflict {
  record: string
  change: string
  at: string | null
  animator: string | null
  operation: string | null
}

/** « Annuler cet import »: asks, undoes, then says what it did — or what changed since, when it cannot. */
export function UndoImport({ operationId, label, onUndone }: { operationId: number; label: string; onUndone?: (result: Undone) => void }) {
  const client = useQueryClient()
  const [result, setResult] = useState<Undone | null>(null)
  const [error, setError] = useState<{ message: string; conflicts: Conflict[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const undo = async () => {
    setBusy(true)
    setError(null)
    try {
      const done = await call('actors.import.undo', { operationId })
      setResult(done)
      onUndone?.(done)
      await client.invalidateQueries()
    } catch (caught) {
      const details = caught instanceof ApiError ? (caught.details as { conflicts?: Conflict[] } | undefined) : undefined
      setError({ message: errorMessage(caught), conflicts: details?.conflicts ?? [] })
    } finally {
      setBusy(false)
    }
  }
  if (result) {
    return (
      <Alert color="teal" title="Import annulé" role="status">
        {[
          result.removed ? plural(result.removed, 'enregistrement créé par l’import retiré', 'enregistrements créés par l’import retirés') : null,
          result.restored ? plural(result.restored, 'fiche remise dans son état d’avant', 'fiches remises dans leur état d’avant') : null,
          result.recreated ? plural(result.recreated, 'fiche supprimée par l’import rétablie', 'fiches supprimées par l’import rétablies') : null,
        ]
          .filter(Boolean)
          .join(', ')}
        . L'annulation figure au journal des modifications.
      </Alert>
    )
  }
  return (
    <Stack gap="xs">
      <Button
        color="red"
        variant="light"
        w="fit-content"
        leftSection={<IconArrowBackUp size={16} />}
        loading={busy}
        onClick={() =>
          confirmDanger({
            title: 'Annuler cet import ?',
            confirmLabel: "Annuler l'import",
            cancelLabel: "Garder l'import",
            children: (
              <Text size="sm">
                {label} : les fiches qu'il a créées sont supprimées et les champs qu'il a modifiés reprennent leur valeur d'avant. Si une de ces fiches a été modifiée
                depuis, rien n'est fait et la liste des changements s'affiche. Une sauvegarde est faite avant.
              </Text>
            ),
            onConfirm: () => void undo(),
          })
        }
      >
        Annuler cet import…
      </Button>
      {error && (
        <Alert color="red" title="Annulation impossible" role="alert">
          {error.conflicts.length > 0 ? (
            <Stack gap={4}>
              <Text size="sm">Ces fiches ont changé depuis l'import ; rien n'a été modifié. Annulez ou reprenez d'abord ces changements :</Text>
              <List size="sm">
                {error.conflicts.map((conflict, index) => (
                  <List.Item key={index}>
                    {conflict.record} : {conflict.change}
                    {conflict.at ? ` — ${formatDateTime(conflict.at)}` : ''}
                    {conflict.animator ? ` par ${conflict.animator}` : ''}
                    {conflict.operation ? ` (« ${conflict.operation} »)` : ''}
                  </List.Item>
                ))}
              </List>
            </Stack>
          ) : (
            error.message
          )}
        </Alert>
      )}
    </Stack>
  )
}
