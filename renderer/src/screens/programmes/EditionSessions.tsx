import { Anchor, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation } from '../../api/hooks'
import { formatDate, formatDecimal } from '../../../../db/rules/format'
import { PROGRAMME_SESSION_STATUS_COLORS, placeAndTown } from './labels'
import { plural } from '../../../../db/rules/format'
import { RowActions } from '../../components/RowActions'
import { RecordTable } from '../../components/RecordTable'
import { PARTICIPANT_ROLE, PROGRAMME_SESSION_STATUS } from '../../../../db/rules/programme-values'
import { ValueBadge } from '../../components/ValueBadge'

type Edition = ApiResult<'programmes.edition'>
type Sequence = Edition['sequences'][number]
type Session = Sequence['sessions'][number]

export function SessionsTable({ sequence, onEdit }: { sequence: Sequence; onEdit: (session: Session) => void }) {
  const remove = useApiMutation('programmes.deleteSession', { successMessage: 'Séance supprimée.' })
  return (
    <RecordTable
      label={`Séances — ${sequence.title}`}
      verticalSpacing={6}
      layout="fixed"
      columns={[{ label: 'Date', width: 100 }, { label: 'Statut', width: 105 }, 'Lieu', 'Classes', 'Entreprises et intervenants', { label: 'Bilan', width: 150 }, { label: '', width: 72 }]}
      rows={sequence.sessions}
      empty="Aucune séance pour cette étape."
      rowProps={() => ({ 'data-testid': 'session' })}
      cells={(session) => [
        formatDate(session.heldOn),
        <ValueBadge list={PROGRAMME_SESSION_STATUS} colors={PROGRAMME_SESSION_STATUS_COLORS} value={session.status} size="sm" />,
        <Text size="sm">{placeAndTown(session.place, session.townName)}</Text>,
        <>
          <Text size="sm">
            {session.classes.length === 0
              ? '—'
              : session.classes.map((row) => `${row.classLabel ?? row.levelCode ?? 'classe'}${row.pupilsCount !== null ? ` (${row.pupilsCount})` : ''}`).join(', ')}
          </Text>
          {session.classes.length > 0 && (
            <Text size="xs" c="dimmed">
              {[...new Set(session.classes.map((row) => row.schoolName))].join(' · ')}
            </Text>
          )}
        </>,
        <Text size="sm">
          {session.participants.length === 0
            ? '—'
            : session.participants.map((row, index) => (
                <span key={row.id}>
                  {index > 0 && ', '}
                  <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm" title={PARTICIPANT_ROLE.label(row.role)}>
                    {row.actorName}
                  </Anchor>
                </span>
              ))}
        </Text>,
        <SessionFigures session={session} />,
        <RowActions
          what={`la séance du ${formatDate(session.heldOn)}`}
          onEdit={() => onEdit(session)}
          onDelete={() => remove.mutate({ id: session.id, version: session.version })}
          confirm={`La séance du ${formatDate(session.heldOn)}, ses classes et ses intervenants seront supprimés.`}
        />,
      ]}
    />
  )
}

/** A session's figures, one a line: pupils, teachers, hours, satisfaction (those entered). */
function SessionFigures({ session }: { session: { pupilsCount: number | null; teachersCount: number | null; interventionHours: number | null; satisfaction: number | null } }) {
  const lines = [
    session.pupilsCount !== null ? plural(session.pupilsCount, 'élève') : null,
    session.teachersCount !== null ? plural(session.teachersCount, 'enseignant') : null,
    session.interventionHours !== null ? `${formatDecimal(session.interventionHours)} h d'intervention` : null,
    session.satisfaction !== null ? `Satisfaction ${formatDecimal(session.satisfaction)} / 5` : null,
  ].filter((line) => line !== null)
  if (lines.length === 0) return <Text size="sm">—</Text>
  return (
    <Stack gap={0}>
      {lines.map((line) => (
        <Text size="xs" key={line}>
          {line}
        </Text>
      ))}
    </Stack>
  )
}
