import { Alert, Button, Group, Text } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { todayIso } from '../../../db/rules/dates'
import { formatDate } from '../../../db/rules/format'
import { useFormModal } from './FormModal'

const PREFIX = 'vitawin.brouillon.'

interface Stored<T> {
  savedAt: string
  values: T
}

export interface Draft {
  /** When the draft offered back was saved (null once taken, dropped, or when there is none). */
  offeredFrom: string | null
  take(): void
  drop(): void
  /** Forgets the draft: the form was saved, or its typing abandoned. */
  clear(): void
}

function read<T>(key: string): Stored<T> | null {
  try {
    const raw = window.localStorage.getItem(PREFIX + key)
    return raw ? (JSON.parse(raw) as Stored<T>) : null
  } catch {
    return null
  }
}

/**
 * Keeps what is typed in a long form on this machine (localStorage, under `key`), so that a closed
 * window or a crash loses nothing: the next time the form opens, the draft is offered back.
 * Written once the values differ from those the form showed before the first keystroke or click;
 * forgotten on `clear()`.
 */
export function useDraft<T>(key: string, values: T, restore: (values: T) => void): Draft {
  const [offered, setOffered] = useState<Stored<T> | null>(() => read<T>(key))
  const initial = useRef(JSON.stringify(values))
  const cleared = useRef(false)
  const dialog = useFormModal()
  const serialised = JSON.stringify(values)
  // Until the first keystroke, click or input, changes are the form loading (its record, its defaults).
  const touched = useRef(false)
  if (!touched.current) initial.current = serialised
  useEffect(() => {
    const touch = () => {
      touched.current = true
    }
    const events = ['keydown', 'pointerdown', 'input'] as const
    for (const event of events) window.addEventListener(event, touch, { capture: true, once: true })
    return () => {
      for (const event of events) window.removeEventListener(event, touch, { capture: true })
    }
  }, [])

  useEffect(() => {
    if (offered || cleared.current || serialised === initial.current) return
    const timer = window.setTimeout(() => {
      if (!cleared.current) window.localStorage.setItem(PREFIX + key, JSON.stringify({ savedAt: new Date().toISOString(), values: JSON.parse(serialised) as T }))
    }, 400)
    return () => window.clearTimeout(timer)
  }, [key, serialised, offered])

  const clear = () => {
    cleared.current = true
    window.localStorage.removeItem(PREFIX + key)
  }
  useEffect(() => dialog?.onDiscard(clear))

  return {
    offeredFrom: offered?.savedAt ?? null,
    take() {
      if (offered) restore(offered.values)
      setOffered(null)
    },
    drop() {
      window.localStorage.removeItem(PREFIX + key)
      setOffered(null)
    },
    clear,
  }
}

/** The offer of a draft at the top of its form: take it back, or drop it. */
export function DraftOffer({ draft }: { draft: Draft }) {
  if (!draft.offeredFrom) return null
  const savedAt = new Date(draft.offeredFrom)
  const time = `${String(savedAt.getHours()).padStart(2, '0')} h ${String(savedAt.getMinutes()).padStart(2, '0')}`
  return (
    <Alert color="blue" variant="light" title="Brouillon non enregistré" role="status">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          Une saisie commencée le {formatDate(todayIso(savedAt))} à {time} n’a pas été enregistrée.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" onClick={draft.drop}>
            Ignorer
          </Button>
          <Button size="xs" onClick={draft.take}>
            Reprendre le brouillon
          </Button>
        </Group>
      </Group>
    </Alert>
  )
}
