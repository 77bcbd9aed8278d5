import { Badge, Card, Group, Radio, ScrollArea, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { ApiResult } from '../../../../../main/api'
import { IMPORT_KIND, type ImportTarget, SPREADSHEET_FORMAT } from '../../../../../db/rules/import-fields'
import { formatInteger } from '../../../../../db/rules/format'
import { columnLetter } from '../../../../../db/rules/excel-cells'

type Inspection = ApiResult<'actors.import.inspect'>

/** Which sheet, which kind of file, and which row holds the column titles: the start of the table, shown and chosen. */
export function TableCard({
  inspection,
  target,
  busy,
  onChange,
}: {
  inspection: Inspection
  target: ImportTarget
  busy: boolean
  onChange: (change: { sheet?: string; headerRow?: number; target?: ImportTarget }) => void
}) {
  const width = Math.min(8, Math.max(1, ...inspection.candidates.map((row) => row.cells.length)))
  const header = inspection.headerRowNumber
  // The row just chosen shows as chosen while the file is read again.
  const [asked, setAsked] = useState<{ row: number; for: Inspection } | null>(null)
  const selected = asked && asked.for === inspection ? asked.row : header
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>Tableau lu</Title>
            <Text size="sm" c="dimmed">
              {SPREADSHEET_FORMAT.label(inspection.format)}
              {inspection.encoding ? ` — ${inspection.encoding === 'windows-1252' ? 'encodage Windows (Excel)' : inspection.encoding.toUpperCase()}, séparateur « ${inspection.delimiter} »` : ''}
              {inspection.rowCountEstimate ? ` — environ ${formatInteger(inspection.rowCountEstimate)} lignes` : ''}
            </Text>
          </Stack>
          {inspection.sheets.length > 1 && (
            <Select
              label="Feuille à importer"
              w={280}
              data={inspection.sheets.map((sheet) => ({ value: sheet.name, label: sheet.hidden ? `${sheet.name} (masquée)` : sheet.name }))}
              value={inspection.sheet}
              onChange={(value) => value && value !== inspection.sheet && onChange({ sheet: value })}
              allowDeselect={false}
              disabled={busy}
            />
          )}
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="import-kind-label">
            Le fichier contient
          </Text>
          <Group gap="sm">
            <SegmentedControl
              aria-labelledby="import-kind-label"
              value={target}
              disabled={busy}
              onChange={(value) => onChange({ target: value as ImportTarget })}
              data={IMPORT_KIND.options}
            />
            {inspection.detectedKind === target && (
              <Badge variant="light" color="gray" tt="none">
                d'après les titres des colonnes
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            « Organisations et leurs contacts » : chaque ligne donne une organisation et, quand un contact y est nommé, une personne rattachée avec sa fonction.
          </Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="import-header-label">
            Ligne des titres de colonnes
          </Text>
          <Text size="xs" c="dimmed">
            {header
              ? `La ligne ${header} a été prise pour les titres : les lignes au-dessus (titre, notes) sont ignorées. Choisissez-en une autre au besoin.`
              : "Aucune ligne de titres n'a été trouvée : choisissez-la."}
          </Text>
          <ScrollArea.Autosize mah={330} type="auto">
            <Radio.Group
              value={selected ? String(selected) : null}
              onChange={(value) => {
                setAsked({ row: Number(value), for: inspection })
                onChange({ headerRow: Number(value) })
              }}
              aria-labelledby="import-header-label"
            >
              <Table withTableBorder fz="xs" verticalSpacing={4} aria-label="Premières lignes de la feuille" style={{ tableLayout: 'fixed' }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={104}>Ligne</Table.Th>
                    {Array.from({ length: width }, (_, column) => (
                      <Table.Th key={column}>{columnLetter(column)}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {inspection.candidates.map((row) => {
                    const isHeader = row.rowNumber === selected
                    const above = selected !== null && row.rowNumber < selected
                    return (
                      <Table.Tr key={row.rowNumber} bg={isHeader ? 'var(--mantine-color-teal-light)' : undefined} c={above ? 'dimmed' : undefined}>
                        <Table.Td>
                          <Radio value={String(row.rowNumber)} label={`Ligne ${row.rowNumber}`} size="xs" disabled={busy} styles={{ label: { whiteSpace: 'nowrap' } }} />
                        </Table.Td>
                        {Array.from({ length: width }, (_, column) => (
                          <Table.Td key={column} fw={isHeader ? 700 : undefined} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={row.cells[column] ?? ''}>
                            {row.cells[column] ?? ''}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            </Radio.Group>
          </ScrollArea.Autosize>
        </Stack>
      </Stack>
    </Card>
  )
}
