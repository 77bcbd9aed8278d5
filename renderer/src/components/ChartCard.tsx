import { ActionIcon, Card, Group, Text, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPhotoDown } from '@tabler/icons-react'
import { toPng } from 'html-to-image'
import { useRef, type ReactNode } from 'react'

function fileName(title: string): string {
  return `${title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.png`
}

/** A chart with its title, its legend, and a button that saves it as a PNG picture. */
export function ChartCard({
  title,
  subtitle,
  definition,
  children,
  height = 280,
}: {
  title: string
  subtitle?: string
  /** What the chart counts, in a sentence, under it (the same definition as the tiles'). */
  definition?: ReactNode
  children: ReactNode
  height?: number
}) {
  const area = useRef<HTMLDivElement>(null)
  const save = async () => {
    if (!area.current) return
    try {
      const url = await toPng(area.current, { backgroundColor: '#ffffff', pixelRatio: 2, filter: (node) => !(node instanceof HTMLElement && node.dataset.noExport === 'true') })
      const anchor = document.createElement('a')
      anchor.href = url
      anchor.download = fileName(title)
      document.body.appendChild(anchor)
      anchor.click()
      anchor.remove()
    } catch {
      notifications.show({ color: 'red', message: "L'image du graphique n'a pas pu être créée." })
    }
  }
  return (
    <Card withBorder padding="md" radius="md">
      <div ref={area} style={{ background: 'white' }} data-testid={`chart-${title}`}>
        <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
          <div>
            <Title order={4}>{title}</Title>
            {subtitle && (
              <Text size="xs" c="dimmed">
                {subtitle}
              </Text>
            )}
          </div>
          <Tooltip label="Enregistrer en image (PNG)">
            <ActionIcon variant="subtle" aria-label={`Enregistrer « ${title} » en image`} onClick={() => void save()} data-no-export="true" className="no-print">
              <IconPhotoDown size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <div style={{ width: '100%', height }}>{children}</div>
        {definition && (
          <Text size="xs" c="gray.7" mt="xs" data-testid="chart-definition">
            {definition}
          </Text>
        )}
      </div>
    </Card>
  )
}
