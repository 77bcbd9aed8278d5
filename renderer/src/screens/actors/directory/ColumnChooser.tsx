import { Button, Checkbox, Divider, Group, Popover, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconColumns } from '@tabler/icons-react'
import { DIRECTORY_COLUMNS, type DirectoryColumn, type DirectoryField } from '../../../../../db/rules/actor-columns'

// The directory's column chooser: every field of a record, by what it belongs to.

const GROUPS: { title: string; columns: DirectoryColumn[] }[] = [
  { title: 'Toutes les fiches', columns: DIRECTORY_COLUMNS.filter((column) => !column.only) },
  { title: 'Organisations', columns: DIRECTORY_COLUMNS.filter((column) => column.only === 'organisation') },
  { title: 'Personnes', columns: DIRECTORY_COLUMNS.filter((column) => column.only === 'person') },
]

export function ColumnChooser({
  shown,
  onToggle,
  onReset,
}: {
  shown: ReadonlySet<DirectoryField>
  onToggle: (column: DirectoryField, visible: boolean) => void
  onReset: () => void
}) {
  return (
    <Popover position="bottom-end" shadow="md" trapFocus returnFocus withinPortal>
      <Popover.Target>
        <Button size="sm" variant="default" leftSection={<IconColumns size={16} />}>
          Colonnes
        </Button>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-labelledby="directory-columns-title" p="sm">
        <ScrollArea.Autosize mah="70vh" type="auto" offsetScrollbars>
          <Stack gap="xs" w={460}>
            <Text fw={600} id="directory-columns-title">
              Colonnes affichées
            </Text>
            {GROUPS.map((group) => (
              <Stack key={group.title} gap={6}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                  {group.title}
                </Text>
                <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
                  {group.columns.map((column) => (
                    <Checkbox
                      key={column.id}
                      size="sm"
                      label={column.header}
                      checked={shown.has(column.id)}
                      disabled={column.id === 'name'}
                      onChange={(event) => onToggle(column.id, event.currentTarget.checked)}
                    />
                  ))}
                </SimpleGrid>
              </Stack>
            ))}
            <Divider />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                Retenues sur ce poste ; une vue enregistrée les garde aussi.
              </Text>
              <Button size="compact-sm" variant="subtle" onClick={onReset}>
                Colonnes par défaut
              </Button>
            </Group>
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  )
}
