import { Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import type { ApiResult } from '../../../../../main/api'
import { columnLetter } from '../../../../../db/rules/excel-cells'
import { type ColumnMapping, IMPORT_FIELDS, type ImportFieldId, type ImportTarget } from '../../../../../db/rules/import-fields'

type Inspection = ApiResult<'actors.import.inspect'>

/** What each column holds: guessed from its title (or a saved mapping), editable. */
export function ColumnsCard({
  inspection,
  target,
  mapping,
  savedName,
  onChange,
}: {
  inspection: Inspection
  target: ImportTarget
  mapping: ColumnMapping
  savedName: string | null
  onChange: (mapping: ColumnMapping) => void
}) {
  const hidden = new Set(inspection.hiddenColumns)
  const options = [
    { value: '', label: '— Ne pas importer —' },
    ...IMPORT_FIELDS[target].map((field) => ({ value: field.id, label: field.required ? `${field.label} *` : field.label })),
  ]
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Correspondance des colonnes</Title>
          {savedName && <Badge variant="light">Correspondance « {savedName} » reprise</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          Chaque colonne est associée à un champ de la fiche, deviné d'après son titre (en français ou en anglais) ; modifiable. Les colonnes masquées dans le fichier ne sont
          pas importées, sauf si vous leur choisissez un champ.
        </Text>
        <Table withTableBorder aria-label="Correspondance des colonnes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Colonne</Table.Th>
              <Table.Th>Titre dans le fichier</Table.Th>
              <Table.Th>Exemples</Table.Th>
              <Table.Th w={360}>Champ de la fiche</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.headers.map((header, column) => (
              <Table.Tr key={column}>
                <Table.Td>{columnLetter(column)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {header || (
                      <Text span c="dimmed" size="sm">
                        (sans titre)
                      </Text>
                    )}
                    {hidden.has(column) && (
                      <Badge size="xs" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
                        masquée
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {inspection.preview
                      .map((row) => row.cells[column])
                      .filter((cell) => cell)
                      .slice(0, 3)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Champ pour la colonne ${columnLetter(column)}${header ? ` « ${header} »` : ''}`}
                    data={options}
                    value={mapping[String(column)] ?? ''}
                    onChange={(value) => {
                      const next: ColumnMapping = { ...mapping }
                      // A field is held by one column: the one chosen last.
                      if (value) for (const [other, field] of Object.entries(next)) if (field === value) next[other] = null
                      next[String(column)] = (value || null) as ImportFieldId | null
                      onChange(next)
                    }}
                    allowDeselect={false}
                    searchable
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  )
}
