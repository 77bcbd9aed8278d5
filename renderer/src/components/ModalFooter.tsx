import { Button, Group, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { useFormModal } from './FormModal'
import { TypedValuesKept } from './StaleRecord'

/**
 * The end of every form in a dialog: its error, then Annuler and the action. It stays at the
 * bottom of the dialog while a long form scrolls, so the buttons are always in reach. In a
 * `FormModal`, « Annuler » asks before dropping what was typed, and Enter in a field presses the action.
 */
export function ModalFooter({
  onCancel,
  onConfirm,
  busy,
  error,
  confirmLabel = 'Enregistrer',
  secondary,
}: {
  onCancel: () => void
  onConfirm: () => void
  busy: boolean
  /** A message, or a notice of its own (a record changed meanwhile, useDialogSave). */
  error: ReactNode
  confirmLabel?: string
  /** An action of its own on the left (« Supprimer la décision »). */
  secondary?: ReactNode
}) {
  const dialog = useFormModal()
  return (
    <Stack
      gap="xs"
      pt="sm"
      pb="md"
      mb="calc(var(--mantine-spacing-md) * -1)"
      style={{ position: 'sticky', bottom: 'calc(var(--mantine-spacing-md) * -1)', zIndex: 2, background: 'var(--mantine-color-body)', borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <TypedValuesKept />
      {typeof error === 'string'
        ? error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )
        : error}
      <Group justify={secondary ? 'space-between' : 'flex-end'}>
        {secondary}
        <Group>
          <Button variant="default" onClick={dialog?.requestClose ?? onCancel}>
            Annuler
          </Button>
          <Button onClick={onConfirm} loading={busy} data-modal-confirm>
            {confirmLabel}
          </Button>
        </Group>
      </Group>
    </Stack>
  )
}
