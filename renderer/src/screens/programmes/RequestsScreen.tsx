import { Anchor, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { REQUEST_STATUS_COLORS } from './labels'
import { REQUEST_KIND, REQUEST_STATUS } from '../../../../db/rules/actor-values'
import { ValueBadge } from '../../components/ValueBadge'

/** The requests of the directory (schools asking for speakers, internships, visits…) and where their matching stands. */
export function RequestsScreen() {
  const navigate = useNavigate()
  const reference = useReference()
  const [scope, setScope] = useState<'open' | 'all'>('open')
  const requests = useApiQuery('programmes.requests', { statuses: scope === 'open' ? ['ouverte', 'en_cours'] : null })
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les demandes se saisissent sur la fiche du demandeur (onglet « Offres et demandes ») ; on les rapproche ici des offres d'engagement.
        </Text>
        <SegmentedControl
          aria-label="Demandes affichées"
          data={[{ value: 'open', label: 'À traiter' }, { value: 'all', label: 'Toutes' }]}
          value={scope}
          onChange={(value) => setScope(value as 'open' | 'all')}
        />
      </Group>
      <QueryState query={requests}>
        {(rows) => (
          <RecordTable
            framed={{}}
            label="Demandes"
            highlightOnHover
            columns={[
              'Demande',
              'Demandeur',
              'Type',
              'Niveau',
              { label: 'Nombre', numeric: true },
              'Souhaitée pour le',
              { label: 'Sollicités', numeric: true },
              { label: 'Trouvés', numeric: true },
              { label: 'Statut', width: 110 },
            ]}
            rows={rows}
            empty={
              <EmptyState
                icon={IconInbox}
                title={scope === 'open' ? 'Aucune demande à traiter' : 'Aucune demande'}
                actions={
                  <Button component={Link} to="/acteurs" variant="default">
                    Ouvrir l'annuaire
                  </Button>
                }
              >
                Une demande (intervenants pour une classe, places de stage, une visite…) se note sur la fiche de l'établissement ou de la personne qui la
                formule, onglet « Offres et demandes » ; elle arrive ici, où on la rapproche des offres d'engagement de l'annuaire.
              </EmptyState>
            }
            rowProps={(row) => ({ style: { cursor: 'pointer' }, onClick: () => navigate(`/programmes/demandes/${row.id}`), 'data-testid': 'request' })}
            cells={(row) => [
              <Anchor component={Link} to={`/programmes/demandes/${row.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                {row.title}
              </Anchor>,
              <>
                <Text size="sm">{row.requesterName}</Text>
                {row.town && (
                  <Text size="xs" c="dimmed">
                    {row.town}
                  </Text>
                )}
              </>,
              REQUEST_KIND.label(row.kind),
              row.schoolLevel ? (reference.lookups.schoolLevels.get(row.schoolLevel) ?? row.schoolLevel) : '—',
              formatInteger(row.quantity),
              formatDate(row.wantedOn),
              formatInteger(row.contacted),
              formatInteger(row.accepted),
              <ValueBadge list={REQUEST_STATUS} colors={REQUEST_STATUS_COLORS} value={row.status} size="sm" />,
            ]}
          />
        )}
      </QueryState>
    </Stack>
  )
}
