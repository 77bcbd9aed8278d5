import { Modal, type ModalProps } from '@mantine/core'
import { modals } from '@mantine/modals'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react'

interface FormModalHandle {
  /** Closes the dialog, after asking when something was typed. */
  requestClose: () => void
  /** What to do when the typing is abandoned (forget a draft); returns the way to stop. */
  onDiscard: (callback: () => void) => () => void
}

/** What the pieces of a form dialog (its footer, a draft) ask of the dialog. */
const FormModalContext = createContext<FormModalHandle | null>(null)

export function useFormModal(): FormModalHandle | null {
  return useContext(FormModalContext)
}

const FIELDS = 'input:not([type=hidden]), textarea, select'

/** Every field's value in the dialog, in document order (a select shows its label, a box its state). */
function fieldValues(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(FIELDS)].map((element) =>
    element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio') ? String(element.checked) : element.value,
  )
}

/** A picker (select list, date calendar) is open: Escape is for it. */
function pickerOpen(target: EventTarget | null): boolean {
  if (target instanceof HTMLElement && target.getAttribute('aria-expanded') === 'true') return true
  return [...document.querySelectorAll<HTMLElement>('.mantine-Popover-dropdown, .mantine-Combobox-dropdown')].some((element) => element.offsetParent !== null)
}

/**
 * A dialog holding a form. Closing it (Escape, a click outside, the close button, « Annuler » of
 * its footer) asks first when a field differs from what it showed before the first keystroke or
 * click; Escape in an open picker closes the picker only. It opens with the focus on the first
 * field, and Enter in a one-line field presses the footer's confirm button.
 */
export function FormModal({
  opened = true,
  onClose,
  onDiscard,
  children,
  ...props
}: Omit<ModalProps, 'opened'> & {
  opened?: boolean
  /** When what was typed is abandoned (a draft to forget). */
  onDiscard?: () => void
}) {
  const content = useRef<HTMLDivElement>(null)
  const before = useRef<string[] | null>(null)
  // A field changed before any keystroke or click (pasted, filled in by the system): no baseline to compare with.
  const changedUnseen = useRef(false)
  const asking = useRef(false)
  const discardListeners = useRef(new Set<() => void>())

  useEffect(() => {
    if (!opened) {
      before.current = null
      changedUnseen.current = false
      return
    }
    const timer = window.setTimeout(() => {
      const root = content.current
      if (!root || root.contains(document.activeElement) && document.activeElement?.matches(FIELDS)) return
      const first = [...root.querySelectorAll<HTMLElement>(FIELDS)].find((element) => !element.hasAttribute('disabled') && element.offsetParent !== null)
      first?.focus()
    }, 60)
    return () => window.clearTimeout(timer)
  }, [opened])

  const remember = () => {
    if (before.current === null && !changedUnseen.current && content.current) before.current = fieldValues(content.current)
  }

  const requestClose = useCallback(() => {
    const root = content.current
    const changed = before.current === null ? changedUnseen.current : root !== null && fieldValues(root).some((value, index) => value !== before.current![index])
    if (!changed) {
      onClose()
      return
    }
    if (asking.current) return
    asking.current = true
    modals.openConfirmModal({
      title: 'Abandonner la saisie ?',
      children: 'Ce que vous avez saisi dans ce formulaire n’est pas enregistré.',
      labels: { confirm: 'Abandonner la saisie', cancel: 'Continuer la saisie' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        for (const listener of discardListeners.current) listener()
        onDiscard?.()
        onClose()
      },
      onClose: () => {
        asking.current = false
      },
    })
  }, [onClose, onDiscard])

  useEffect(() => {
    if (!opened) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.isComposing || pickerOpen(event.target)) return
      const dialog = content.current?.closest('.mantine-Modal-content')
      // In the dialog, or in no dialog at all (the focus lost to the page): the dialog's Escape.
      const nowhere = !(event.target instanceof Element) || event.target.closest('[role="dialog"]') === null
      if (!dialog || !(event.target instanceof Node) || (!nowhere && !dialog.contains(event.target))) return
      event.preventDefault()
      requestClose()
    }
    // Before the picker's own handler closes it (capture), to tell its Escape from the dialog's.
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [opened, requestClose])

  const onKeyDown = (event: ReactKeyboardEvent) => {
    remember()
    const target = event.target as HTMLElement
    if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return
    if (!(target instanceof HTMLInputElement) || target.readOnly || ['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type) || pickerOpen(target)) return
    if (target.closest('form')) return
    const confirm = content.current?.querySelector<HTMLButtonElement>('[data-modal-confirm]:not([disabled])')
    if (!confirm) return
    event.preventDefault()
    confirm.click()
  }

  const handle = useMemo<FormModalHandle>(
    () => ({
      requestClose,
      onDiscard(callback) {
        discardListeners.current.add(callback)
        return () => discardListeners.current.delete(callback)
      },
    }),
    [requestClose],
  )

  return (
    <Modal opened={opened} onClose={requestClose} closeOnEscape={false} {...props}>
      <FormModalContext.Provider value={handle}>
        <div
          ref={content}
          onKeyDownCapture={onKeyDown}
          onPointerDownCapture={remember}
          onInputCapture={() => {
            if (before.current === null) changedUnseen.current = true
          }}
        >
          {children}
        </div>
      </FormModalContext.Provider>
    </Modal>
  )
}
