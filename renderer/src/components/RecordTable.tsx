import { Button, Card, Group, Table, Text, Title, type TableProps } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { ComponentProps, ReactNode } from 'react'

export interface RecordColumn {
  label: ReactNode
  width?: number
  /** Right-aligned figures (`numeric` cells). */
  numeric?: boolean
  /** Kept on one line (dates, periods). */
  nowrap?: boolean
  /** On the header and every cell (`no-print`). */
  className?: string
}

/**
 * Records as a striped table: a header cell per column, then a row per record, its cells given by
 * `cells` in the columns' order; the `empty` line when there is none. Rows are keyed by their id
 * unless `rowKey` says otherwise.
 */
export function RecordTable<Row extends object>({
  label,
  columns,
  rows,
  cells,
  empty,
  rowKey = (row) => (row as { id: number | string }).id,
  rowProps,
  framed,
  ...props
}: Omit<TableProps, 'children'> & {
  /** The table's accessible name. */
  label?: string
  columns: (string | RecordColumn)[]
  rows: readonly Row[]
  cells: (row: Row) => ReactNode[]
  /** Shown instead of the table when there are no rows: a sentence, or a whole block. */
  empty: ReactNode
  rowKey?: (row: Row) => number | string
  /** Attributes of each row (`data-testid`, a click that opens the record). */
  rowProps?: (row: Row) => ComponentProps<'tr'> & { 'data-testid'?: string }
  /** A screen's whole list: the table in a card of its own, under the line that sums it up. */
  framed?: { summary?: ReactNode }
}) {
  if (rows.length === 0) {
    return typeof empty === 'string' ? (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    ) : (
      <>{empty}</>
    )
  }
  const specs = columns.map((column) => (typeof column === 'string' ? { label: column } : column))
  const table = (
    <Table striped aria-label={label} {...props}>
      <Table.Thead>
        <Table.Tr>
          {specs.map((column, index) => (
            <Table.Th key={index} w={column.width} ta={column.numeric ? 'right' : undefined} className={column.className}>
              {column.label}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
            {cells(row).map((cell, index) => (
              <Table.Td
                key={index}
                className={[specs[index]?.numeric ? 'numeric' : null, specs[index]?.className].filter(Boolean).join(' ') || undefined}
                style={specs[index]?.nowrap ? { whiteSpace: 'nowrap' } : undefined}
              >
                {cell}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
  if (!framed) return table
  return (
    <Card withBorder p={0}>
      {framed.summary && (
        <Text size="sm" c="dimmed" px="md" pt="sm">
          {framed.summary}
        </Text>
      )}
      {table}
    </Card>
  )
}

/**
 * A bordered card with a title, its action on the right (`add`: « Ajouter une offre », or any
 * `action`), then its content.
 */
export function SectionCard({
  title,
  add,
  action,
  className,
  children,
}: {
  title: ReactNode
  add?: { label: string; onClick: () => void }
  action?: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <Card withBorder className={className}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        {add && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add.onClick} className="no-print">
            {add.label}
          </Button>
        )}
        {action}
      </Group>
      {children}
    </Card>
  )
}
