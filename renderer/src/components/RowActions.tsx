import { ActionIcon, Group, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { confirmDanger } from './confirmDanger'

/**
 * A row's edit and delete icons (with what each is about for screen readers: « Modifier l'offre »).
 * The delete asks first when `confirm` says what will go; « Retirer » for a link (a member, a
 * partner), « Supprimer » for a record. Extra actions come first.
 */
export function RowActions({
  what,
  onEdit,
  onDelete,
  confirm,
  verb = 'Supprimer',
  children,
}: {
  /** The row, as the labels name it: « l'offre », « la séance du 13/01/2026 », « Lycée Schuman ». */
  what: string
  onEdit?: () => void
  onDelete?: () => void
  /** What the confirmation says will go; without it the row goes at once. */
  confirm?: ReactNode
  verb?: 'Supprimer' | 'Retirer'
  children?: ReactNode
}) {
  const remove = () =>
    confirm === undefined
      ? onDelete!()
      : confirmDanger({ title: `${verb} ${what}`, children: <Text size="sm">{confirm}</Text>, confirmLabel: verb, onConfirm: onDelete! })
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap" className="no-print">
      {children}
      {onEdit && (
        <Tooltip label="Modifier">
          <ActionIcon variant="subtle" aria-label={`Modifier ${what}`} onClick={onEdit}>
            <IconPencil size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {onDelete && (
        <Tooltip label={verb}>
          <ActionIcon variant="subtle" color="red" aria-label={`${verb} ${what}`} onClick={remove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  )
}

/** The red bin that takes a row out of a list being edited in a form (nothing is saved before the form is). */
export function RemoveButton({ label, onClick, size }: { label: string; onClick: () => void; size?: 'lg' }) {
  return (
    <ActionIcon variant="subtle" color="red" size={size} aria-label={label} onClick={onClick}>
      <IconTrash size={16} />
    </ActionIcon>
  )
}
