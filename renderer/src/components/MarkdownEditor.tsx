import { ActionIcon, Group, SegmentedControl, Text, Textarea, Tooltip } from '@mantine/core'
import { IconBold, IconH2, IconList, IconListNumbers } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { Markdown } from './Markdown'
import { applyMarkdownFormat, type MarkdownFormat } from './markdown-format'

const BUTTONS: { format: MarkdownFormat; label: string; icon: typeof IconBold }[] = [
  { format: 'heading', label: 'Titre', icon: IconH2 },
  { format: 'bold', label: 'Gras', icon: IconBold },
  { format: 'bullets', label: 'Liste à puces', icon: IconList },
  { format: 'numbers', label: 'Liste numérotée', icon: IconListNumbers },
]

/**
 * Minutes and agendas: a text area with buttons for titles, bold and lists (written as Markdown,
 * which the text keeps), and a preview of what the COPIL or the group will read.
 */
export function MarkdownEditor({
  label,
  value,
  onChange,
  minRows = 8,
  maxRows = 20,
  placeholder,
  error,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  minRows?: number
  maxRows?: number
  placeholder?: string
  /** The refusal's message, under the text (and the text marked). */
  error?: string
}) {
  const [view, setView] = useState<'ecrire' | 'apercu'>('ecrire')
  const area = useRef<HTMLTextAreaElement>(null)
  const format = (kind: MarkdownFormat) => {
    const element = area.current
    const start = element?.selectionStart ?? value.length
    const end = element?.selectionEnd ?? value.length
    const edited = applyMarkdownFormat(value, start, end, kind)
    onChange(edited.text)
    // The selection follows the formatted text once React has rendered it.
    requestAnimationFrame(() => {
      element?.focus()
      element?.setSelectionRange(edited.start, edited.end)
    })
  }
  return (
    <div>
      <Group justify="space-between" mb={6}>
        <Group gap={4} role="toolbar" aria-label={`Mise en forme — ${label}`} style={{ visibility: view === 'ecrire' ? 'visible' : 'hidden' }}>
          {BUTTONS.map(({ format: kind, label: name, icon: Icon }) => (
            <Tooltip key={kind} label={name}>
              <ActionIcon variant="default" size="md" aria-label={name} onMouseDown={(event) => event.preventDefault()} onClick={() => format(kind)}>
                <Icon size={16} />
              </ActionIcon>
            </Tooltip>
          ))}
        </Group>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(next) => setView(next as 'ecrire' | 'apercu')}
          data={[
            { value: 'ecrire', label: 'Écrire' },
            { value: 'apercu', label: 'Aperçu' },
          ]}
        />
      </Group>
      {view === 'ecrire' ? (
        <Textarea
          ref={area}
          aria-label={label}
          autosize
          minRows={minRows}
          maxRows={maxRows}
          placeholder={placeholder}
          error={error}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      ) : (
        <div style={{ minHeight: 120, border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, padding: '4px 16px 12px' }}>
          {value.trim() ? (
            <Markdown>{value}</Markdown>
          ) : (
            <Text size="sm" c="dimmed" py="md">
              Rien d'écrit pour l'instant.
            </Text>
          )}
        </div>
      )}
    </div>
  )
}
