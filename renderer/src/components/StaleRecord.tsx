import { Alert, Button, CloseButton, Group, List, Stack, Text } from '@mantine/core'
import { notifyManager, useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useLayoutEffect, useMemo, useRef, useState, type ComponentType } from 'react'
import { ApiError } from '../api/client'
import { useFormModal } from './FormModal'

// A save refused because another animator changed the record since its form opened
// (db/versions.ts): the dialog says who and when, and offers to reload the record. Reloading
// shows the fresh record in the form and keeps what was typed visible beside it (« Vos saisies »),
// so that nothing is lost and nothing is silently mixed.

/** True for the refusal of a save made on an older copy of a record. */
export function isStale(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'conflict' && (error.details as { stale?: boolean } | undefined)?.stale === true
}

interface TypedValue {
  label: string
  value: string
}

/** What the dialog's labelled fields hold now, in order (lists of choices as their labels). */
function typedValues(dialog: Element): TypedValue[] {
  const values: TypedValue[] = []
  for (const wrapper of dialog.querySelectorAll('.mantine-InputWrapper-root')) {
    const label = wrapper.querySelector('.mantine-InputWrapper-label')?.textContent?.replace(/\s*\*$/, '').trim()
    if (!label) continue
    const pills = [...wrapper.querySelectorAll('.mantine-Pill-label')].map((pill) => pill.textContent ?? '')
    const field = wrapper.querySelector<HTMLInputElement | HTMLTextAreaElement>('input:not([type=hidden]), textarea')
    const value = pills.length > 0 ? pills.join(', ') : (field?.value ?? '')
    values.push({ label, value: value.trim() })
  }
  for (const box of dialog.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
    const label = box.labels?.[0]?.textContent?.trim()
    if (label) values.push({ label, value: box.checked ? 'oui' : 'non' })
  }
  return values
}

interface Reload {
  /** Reads the data again and opens the dialog anew on it, keeping `typed` to show. */
  reload(typed: TypedValue[]): Promise<void>
  typed: TypedValue[] | null
  forget(): void
}

const ReloadContext = createContext<Reload | null>(null)

/**
 * A dialog that can be opened anew on its record read again (« Recharger la fiche »): its state
 * starts from its props, so the reload reads the data again, then mounts the dialog afresh.
 */
export function reloadable<Props extends object>(Dialog: ComponentType<Props>): ComponentType<Props> {
  function Reloadable(props: Props) {
    const client = useQueryClient()
    const [generation, setGeneration] = useState(0)
    const [typed, setTyped] = useState<TypedValue[] | null>(null)
    const value = useMemo<Reload>(
      () => ({
        typed,
        forget: () => setTyped(null),
        async reload(entries) {
          await client.invalidateQueries()
          // The fresh data reaches the screens in React Query's next notification batch: the dialog
          // is mounted anew after it, on the record as it is now, not on the copy held before.
          await new Promise<void>((resolve) => notifyManager.schedule(resolve))
          setTyped(entries)
          setGeneration((current) => current + 1)
        },
      }),
      [client, typed],
    )
    return (
      <ReloadContext.Provider value={value}>
        <Dialog key={generation} {...props} />
      </ReloadContext.Provider>
    )
  }
  Reloadable.displayName = `reloadable(${Dialog.displayName ?? Dialog.name})`
  return Reloadable
}

/**
 * The version of a record as its form loaded it: the one the save names, even after the data on
 * screen was read again (another animator's change arriving through the change feed).
 */
export function useLoadedVersion<Version extends number | null | undefined>(version: Version): Version {
  return useState(version)[0]
}

/** The refusal, with « Recharger la fiche » (where the dialog can) and « Fermer ». */
export function StaleNotice({ message, onClose }: { message: string; onClose: () => void }) {
  const reload = useContext(ReloadContext)
  const dialog = useFormModal()
  const [busy, setBusy] = useState(false)
  const own = useRef<HTMLDivElement>(null)
  return (
    <Alert ref={own} color="orange" variant="light" title="Fiche modifiée entre-temps" role="alert">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        <Group gap="xs">
          {reload && (
            <Button
              size="xs"
              loading={busy}
              onClick={async () => {
                const root = own.current?.closest('.mantine-Modal-content') ?? own.current?.closest('form')
                setBusy(true)
                try {
                  await reload.reload(root ? typedValues(root) : [])
                } finally {
                  setBusy(false)
                }
              }}
            >
              Recharger la fiche
            </Button>
          )}
          <Button size="xs" variant="default" onClick={dialog?.requestClose ?? onClose}>
            Fermer
          </Button>
        </Group>
      </Stack>
    </Alert>
  )
}

/** After a reload: what was typed that the fresh record does not hold, to take back by hand. */
export function TypedValuesKept() {
  const reload = useContext(ReloadContext)
  const own = useRef<HTMLDivElement>(null)
  const [differing, setDiffering] = useState<TypedValue[] | null>(null)
  const typed = reload?.typed ?? null
  useLayoutEffect(() => {
    if (!typed) return
    // Compared with the fresh record's fields once they show it.
    const timer = window.setTimeout(() => {
      const root = own.current?.closest('.mantine-Modal-content') ?? own.current?.closest('form')
      const fresh = new Map((root ? typedValues(root) : []).map((entry) => [entry.label, entry.value]))
      setDiffering(typed.filter((entry) => fresh.get(entry.label) !== entry.value))
    }, 50)
    return () => window.clearTimeout(timer)
  }, [typed])
  if (!typed) return null
  return (
    <div ref={own}>
      {differing && (
        <Alert color="blue" variant="light" title="Vos saisies" aria-label="Vos saisies">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4}>
              <Text size="sm">
                {differing.length === 0
                  ? 'La fiche rechargée contient déjà tout ce que vous aviez saisi.'
                  : 'La fiche montre maintenant ses nouvelles valeurs. Ce que vous aviez saisi et qui en diffère :'}
              </Text>
              {differing.length > 0 && (
                <List size="sm" spacing={2}>
                  {differing.map((entry) => (
                    <List.Item key={entry.label}>
                      <Text span size="sm" fw={600}>
                        {entry.label} :
                      </Text>{' '}
                      <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {entry.value || '(vide)'}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
            <CloseButton aria-label="Masquer vos saisies" onClick={reload?.forget} />
          </Group>
        </Alert>
      )}
    </div>
  )
}
