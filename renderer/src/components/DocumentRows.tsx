import { Group, TextInput } from '@mantine/core'
import type { DialogSave } from './useDialogSave'
import { RemoveButton } from './RowActions'

/** A document referenced by a meeting or a COPIL session: its label and where the file is. */
export interface DocumentRow {
  label: string
  path: string
}

/** The rows to save: those left blank are dropped (the others keep their place, so a refusal's row is the row on screen). */
export function filledDocuments<Row extends DocumentRow>(rows: Row[]): Row[] {
  return rows.filter((row) => row.label.trim() || row.path.trim())
}

/**
 * Refuses, on its field, the first row that has only one half (`list` is the rows' name in the
 * saved values: `documents`, `attachments`); true when it did.
 */
export function refuseHalfDocument(dialog: DialogSave, list: string, rows: DocumentRow[]): boolean {
  for (const [index, row] of rows.entries()) {
    if (!row.label.trim()) dialog.refuse(`${list}.${index}.label`, 'Donnez un intitulé à ce document.')
    else if (!row.path.trim()) dialog.refuse(`${list}.${index}.path`, 'Indiquez où se trouve ce document (chemin du fichier).')
    else continue
    return true
  }
  return false
}

/** One document's fields, labelled by its number, each with its refusal (`list` as for refuseHalfDocument). */
export function DocumentRowFields({
  dialog,
  list,
  index,
  row,
  onChange,
  onRemove,
}: {
  dialog: DialogSave
  list: string
  index: number
  row: DocumentRow
  onChange: (change: Partial<DocumentRow>) => void
  onRemove: () => void
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <TextInput
        style={{ flex: 2 }}
        aria-label={`Document ${index + 1} : intitulé`}
        placeholder="Intitulé, ex. : Diaporama"
        value={row.label}
        onChange={(event) => onChange({ label: event.currentTarget.value })}
        error={dialog.fieldError(`${list}.${index}.label`, row.label)}
      />
      <TextInput
        style={{ flex: 3 }}
        aria-label={`Document ${index + 1} : emplacement`}
        placeholder="Emplacement, ex. : S:\Vitawin\Réunions\diaporama.pdf"
        value={row.path}
        onChange={(event) => onChange({ path: event.currentTarget.value })}
        error={dialog.fieldError(`${list}.${index}.path`, row.path)}
      />
      <RemoveButton size="lg" label={`Retirer le document ${index + 1}`} onClick={onRemove} />
    </Group>
  )
}
