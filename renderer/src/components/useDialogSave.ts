import { useState } from 'react'
import { errorMessage } from '../api/client'

/**
 * What a dialog does on its confirm button: `submit` runs the save, closes the dialog once it has
 * succeeded, and otherwise keeps the French message for the dialog's footer; `fail` refuses with a
 * message of the dialog's own (a field left empty).
 */
export function useDialogSave(onClose: () => void): { error: string | null; fail: (message: string | null) => void; submit: (save: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<string | null>(null)
  const submit = async (save: () => Promise<unknown>) => {
    setError(null)
    try {
      await save()
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }
  return { error, fail: setError, submit }
}
