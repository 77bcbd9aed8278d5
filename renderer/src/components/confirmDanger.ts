import { modals } from '@mantine/modals'
import type { ReactNode } from 'react'

/** Asks before something that cannot be undone (delete, purge, erase): a red confirm button. */
export function confirmDanger({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Annuler',
  onConfirm,
}: {
  title: string
  children: ReactNode
  confirmLabel: string
  /** When the confirm label itself says « Annuler… » (undoing an import). */
  cancelLabel?: string
  onConfirm: () => void
}): void {
  modals.openConfirmModal({ title, children, labels: { confirm: confirmLabel, cancel: cancelLabel }, confirmProps: { color: 'red' }, onConfirm })
}
