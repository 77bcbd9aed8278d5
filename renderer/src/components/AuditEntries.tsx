import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../main/api'
import { useApiQuery } from '../api/hooks'
import { formatDateTime, formatInteger, plural } from '../../../db/rules/format'
import type { AuditAction } from '../../../db/rules/safety-values'
import { QueryState } from './QueryState'

// The audit trail, as the animators read it: who changed what, when, from what to what.

type Entry = ApiResult<'audit.entries'>['entries'][number]

const AUDIT_ACTION_COLORS: Record<AuditAction, string> = { insert: 'teal', update: 'blue', delete: 'red', anonymise: 'grape', event: 'gray' }

function Changes({ entry }: { entry: Entry }) {
  if (entry.changes.length === 0) return null
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Champs modifiés">
      <Table.Tbody>
        {entry.changes.map((change) => (
          <Table.Tr key={change.field}>
            <Table.Td w={180} c="dimmed">
              {change.label}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>
              {entry.action === 'update' ? (
                <>
                  <Text span size="xs" td="line-through" c="dimmed">
                    {change.before}
                  </Text>{' '}
                  → {change.after}
                </>
              ) : entry.action === 'delete' ? (
                change.before
              ) : (
                change.after
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export function AuditEntryList({ entries, showOperation = true }: { entries: Entry[]; showOperation?: boolean }) {
  if (entries.length === 0) return <Text c="dimmed">Aucune modification enregistrée.</Text>
  return (
    <Table striped verticalSpacing="xs" aria-label="Modifications">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={170}>Quand</Table.Th>
          <Table.Th w={160}>Qui</Table.Th>
          <Table.Th>Quoi</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
          <Table.Tr key={entry.id} data-testid="audit-entry">
            <Table.Td valign="top">{formatDateTime(entry.at)}</Table.Td>
            <Table.Td valign="top">{entry.animator ?? <Text span c="dimmed">inconnu</Text>}</Table.Td>
            <Table.Td>
              <Stack gap={4}>
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={AUDIT_ACTION_COLORS[entry.action]}>
                    {entry.actionLabel}
                  </Badge>
                  {entry.link ? (
                    <Anchor component={Link} to={entry.link} size="sm">
                      {entry.record}
                    </Anchor>
                  ) : (
                    <Text size="sm">{entry.record}</Text>
                  )}
                  {showOperation && entry.operationLabel && (
                    <Text size="xs" c="dimmed">
                      · {entry.operationLabel}
                    </Text>
                  )}
                </Group>
                <Changes entry={entry} />
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

const PAGE = 100

/** The audit rows about one actor or pupil ('o12', 'p5', 'e3'), or of one operation. */
export function AuditEntries({ subject, operationId, showOperation = true }: { subject?: string; operationId?: number; showOperation?: boolean }) {
  const [limit, setLimit] = useState(PAGE)
  const query = useApiQuery('audit.entries', { subject, operationId, limit })
  return (
    <QueryState query={query}>
      {(data) => (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {plural(data.total, 'modification enregistrée', 'modifications enregistrées')}
          </Text>
          <AuditEntryList entries={data.entries} showOperation={showOperation} />
          {data.total > data.entries.length && (
            <Button variant="default" size="xs" onClick={() => setLimit((current) => Math.min(current + PAGE, 5000))} w="fit-content">
              Afficher plus ({formatInteger(data.total - data.entries.length)} autres)
            </Button>
          )}
        </Stack>
      )}
    </QueryState>
  )
}
