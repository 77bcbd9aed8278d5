import { createElement, useEffect, useRef, useState, type ReactNode } from 'react'
import { ApiError, errorMessage } from '../api/client'
import { isStale, StaleNotice } from './StaleRecord'
import { isAlreadyDone, isUnreachable, RetryNotice } from './RetryNotice'

interface FieldError {
  message: string
  /** The field's value when the error was first shown: the error goes as soon as it changes. */
  value?: string
}

/** A refusal's message and the names of the field it may be about, the most precise first. */
interface Refusal {
  names: string[]
  message: string
}

const isIndex = (part: string) => /^\d+$/.test(part)

/**
 * The names a schema's issue may be shown under: each end of its path that starts with a name
 * (`values.agenda.0.title`, `agenda.0.title`, `title`), then its last name (`attendance` for
 * `attendance.0`). A dialog of rows shows `agenda.0.title`, a dialog of single fields `title`.
 */
function namesOf(path: string[]): string[] {
  const names = path.flatMap((part, index) => (isIndex(part) ? [] : [path.slice(index).join('.')]))
  const last = [...path].reverse().find((part) => !isIndex(part))
  if (last && !names.includes(last)) names.push(last)
  return names
}

/** The refusal's messages by field: a data rule names its `field`, a schema its issues' paths. */
function fieldErrors(caught: unknown): Refusal[] | null {
  if (!(caught instanceof ApiError) || caught.code !== 'invalid_input') return null
  const details = caught.details as { field?: string; issues?: Array<{ path: string[]; message: string }> } | undefined
  if (details?.field) return [{ names: [details.field], message: caught.message }]
  const issues = details?.issues ?? []
  if (issues.length === 0 || issues.some((issue) => issue.path.length === 0)) return null
  return issues.map((issue) => ({ names: namesOf(issue.path), message: issue.message }))
}

/** `agenda.0.title`, then `agenda.0`, then `agenda`: where a row's field finds its tab. */
function prefixesOf(name: string): string[] {
  const parts = name.split('.')
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'))
}

export interface DialogSave {
  /** The footer's message: what no field of the dialog shows; a record changed meanwhile, with the way to reload it. */
  error: ReactNode
  /** A field's error while its value is still the one refused (`value` is the field's current value). */
  fieldError(name: string, value: unknown): string | undefined
  /** Refuses with a message of the dialog's own, on the field `name` (in the footer when the dialog shows no such field). */
  refuse(name: string, message: string): void
  fail(message: string | null): void
  submit(save: () => Promise<unknown>): Promise<void>
}

/** Focuses the first field marked in error in `dialog` (document order: the first one the user meets). */
export function focusFirstInvalid(dialog: Element | null | undefined): void {
  const first = dialog?.querySelector<HTMLElement>('[aria-invalid="true"]')
  first?.focus()
}

/** A dialog in tabs: the tab of each field that shows errors, and how to show a tab (its fields need not be mounted). */
export interface DialogTabs {
  /** Field → tab, in the tabs' order: a refusal shows the tab of the first field in error. A list's name (`agenda`) stands for its rows' fields (`agenda.0.title`). */
  fields: Record<string, string>
  show: (tab: string) => void
}

/** The dialog (or form) the user is acting in: where its button or field has the focus. */
function currentDialog(): Element | null {
  return document.activeElement?.closest('[role="dialog"], form') ?? null
}

/**
 * What a dialog does on its confirm button: `submit` runs the save, closes the dialog once it has
 * succeeded, and otherwise keeps the French message, on the field it is about (`fieldError`: the
 * input marked, the focus on the first one) or for the dialog's footer (a server that does not
 * answer, a conflict); `refuse` puts a check of the dialog's own on its field (a field left empty),
 * `fail` in the footer. In a dialog with `tabs`, a refusal shows the tab of its first field.
 */
export function useDialogSave(onClose: () => void, tabs?: DialogTabs): DialogSave {
  const [error, setError] = useState<string | null>(null)
  const [stale, setStale] = useState<string | null>(null)
  // The save refused because the team database's server did not answer: « Réessayer » sends it again.
  const [retry, setRetry] = useState<{ message: string; save: () => Promise<unknown> } | null>(null)
  const [retrying, setRetrying] = useState(false)
  const [, setVersion] = useState(0)
  const fields = useRef<Record<string, FieldError>>({})
  // The fields this dialog shows errors on (those it asks `fieldError` about); the others' go to the footer.
  const shown = useRef(new Set<string>())
  // The tab of a field, when the dialog has tabs (a field of a tab not showing is not mounted).
  const tabKey = (name: string) => prefixesOf(name).find((prefix) => tabs && prefix in tabs.fields)
  const isShown = (name: string) => shown.current.has(name) || tabKey(name) !== undefined
  // The dialog to move the focus in once its fields show their errors.
  const focusIn = useRef<Element | null>(null)
  useEffect(() => {
    if (!focusIn.current) return
    focusFirstInvalid(focusIn.current)
    focusIn.current = null
  })
  const showOnFields = (refusals: Refusal[], dialog: Element | null) => {
    const onFields: Record<string, FieldError> = {}
    const elsewhere = new Set<string>()
    for (const refusal of refusals) {
      const name = refusal.names.find(isShown)
      if (name) onFields[name] ??= { message: refusal.message }
      else elsewhere.add(refusal.message)
    }
    fields.current = onFields
    setError(elsewhere.size > 0 ? [...elsewhere].join(' ; ') : null)
    focusIn.current = dialog
    if (tabs) {
      const inError = Object.keys(onFields).map(tabKey)
      const first = Object.keys(tabs.fields).find((key) => inError.includes(key))
      if (first) tabs.show(tabs.fields[first]!)
    }
    setVersion((version) => version + 1)
  }
  const submit = async (save: () => Promise<unknown>) => {
    const dialog = currentDialog()
    setError(null)
    setStale(null)
    setRetry(null)
    fields.current = {}
    try {
      await save()
      onClose()
    } catch (caught) {
      if (isAlreadyDone(caught)) {
        onClose()
        return
      }
      if (isStale(caught)) {
        setStale(caught.message)
        return
      }
      if (isUnreachable(caught)) {
        setRetry({ message: errorMessage(caught), save })
        return
      }
      const refusals = fieldErrors(caught)
      if (!refusals) {
        setError(errorMessage(caught))
        return
      }
      showOnFields(refusals, dialog)
    }
  }
  return {
    error: stale
      ? createElement(StaleNotice, { message: stale, onClose })
      : retry
        ? createElement(RetryNotice, {
            message: retry.message,
            retrying,
            onRetry: () => {
              setRetrying(true)
              void submit(retry.save).finally(() => setRetrying(false))
            },
          })
        : error,
    fieldError(name, value) {
      shown.current.add(name)
      const entry = fields.current[name]
      if (!entry) return undefined
      const current = JSON.stringify(value ?? null)
      entry.value ??= current
      return entry.value === current ? entry.message : undefined
    },
    refuse(name, message) {
      showOnFields([{ names: [name], message }], currentDialog())
    },
    fail(message) {
      fields.current = {}
      setRetry(null)
      setStale(null)
      setError(message)
    },
    submit,
  }
}
