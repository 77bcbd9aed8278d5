import { Button, Group, Stack, Text } from '@mantine/core'

/** The end of every form in a dialog: its error, then Annuler and the action. */
export function ModalFooter({
  onCancel,
  onConfirm,
  busy,
  error,
  confirmLabel = 'Enregistrer',
}: {
  onCancel: () => void
  onConfirm: () => void
  busy: boolean
  error: string | null
  confirmLabel?: string
}) {
  return (
    <Stack gap="xs">
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Annuler
        </Button>
        <Button onClick={onConfirm} loading={busy}>
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  )
}
