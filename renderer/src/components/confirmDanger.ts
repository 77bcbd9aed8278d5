import { modals } from '@mantine/modals'
import type { ReactNode } from 'react'

/** Asks before something that cannot be undone (delete, purge, erase): a red confirm button. */
export function confirmDanger({ title, children, confirmLabel, onConfirm }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void }): void {
  modals.openConfirmModal({ title, children, labels: { confirm: confirmLabel, cancel: 'Annuler' }, confirmProps: { color: 'red' }, onConfirm })
}
