import { ActionIcon, Alert, Box, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core'
import { textColor } from '../../app/theme'
import { IconMessagePlus, IconPrinter } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { RecordTable, SectionCard } from '../../components/RecordTable'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural, formatMonth } from '../../../../db/rules/format'
import type { Decision } from './DecisionModal'
import { FollowupModal } from './FollowupModal'
import { DecisionStatusCell, Owner } from './parts'

type Preparation = ApiResult<'copil.prepare'>

// Headings of the activity groups, in the order the COPIL reads them; other kinds (added by other
// domains) follow under their own label.
const ACTIVITY_HEADINGS: Record<string, string> = {
  'Nouveau Vitawiner': 'Nouveaux Vitawiners',
  'Réunion de groupe de travail': 'Réunions des groupes de travail',
  'Échanges du journal': 'Échanges notés au journal',
  'Séance de programme réalisée': 'Séances de programmes réalisées',
}
const kindOrder = (kind: string) => {
  const position = Object.keys(ACTIVITY_HEADINGS).indexOf(kind)
  return position < 0 ? 100 : position
}
type Session = { id: number; reference: string; heldOn: string; place: string | null }


function Evolution({ previous, current }: { previous: number | null; current: number }) {
  if (previous === null) return <Text size="sm" c="dimmed">—</Text>
  const delta = current - previous
  if (delta === 0)
    return (
      <Text size="sm" c="dimmed">
        =
      </Text>
    )
  return (
    <Text size="sm" fw={600} c={textColor(delta > 0 ? 'teal' : 'red')}>
      {delta > 0 ? '+' : '−'}
      {formatInteger(Math.abs(delta))}
    </Text>
  )
}

/** « Préparation »: what the animators gather before the session; printable on A4 as it is. */
export function PreparationPanel({ session }: { session: Session }) {
  const preparation = useApiQuery('copil.prepare', { sessionId: session.id })
  const [following, setFollowing] = useState<Decision | null>(null)
  return (
    <>
      <QueryState query={preparation}>{(data) => <Preparation session={session} data={data} onFollowUp={setFollowing} />}</QueryState>
      {following && <FollowupModal decision={following} session={session} onClose={() => setFollowing(null)} />}
    </>
  )
}

function Preparation({ session, data, onFollowUp }: { session: Session; data: Preparation; onFollowUp: (decision: Decision) => void }) {
  const groups = new Map<string, Preparation['activity']>()
  for (const item of data.activity) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item])
  const kinds = [...groups.keys()].sort((a, b) => kindOrder(a) - kindOrder(b))
  const period = data.previous
    ? `depuis la séance ${data.previous.reference} du ${formatDate(data.previous.heldOn)}, jusqu'au ${formatDate(data.period.until)}`
    : `depuis le début (aucune séance tenue avant celle-ci), jusqu'au ${formatDate(data.period.until)}`
  const overdue = data.openDecisions.filter((decision) => decision.overdue).length

  return (
    <Stack gap="md" className="copil-preparation">
      <div className="print-only">
        <Title order={2}>Préparation du COPIL Vitawin</Title>
        <Text>
          Séance {session.reference} du {formatDate(session.heldOn)}
          {session.place ? `, ${session.place}` : ''}
        </Text>
      </div>
      <Group justify="space-between" align="flex-start">
        <Text size="sm">
          <Text span fw={600}>
            Période :
          </Text>{' '}
          {period}
        </Text>
        <Group gap="xs" className="no-print">
          <ExportButton label="Exporter le dossier (Excel)" run={() => call('copil.exportPack', { sessionId: session.id })} />
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            Imprimer
          </Button>
        </Group>
      </Group>

      <SectionCard
        className="print-section"
        title="Décisions en cours"
        action={
          <Text size="sm" c="dimmed">
            {plural(data.openDecisions.length, 'ouverte')}
            {overdue > 0 ? `, dont ${formatInteger(overdue)} en retard` : ''}
          </Text>
        }
      >
        <RecordTable
          label="Décisions en cours"
          verticalSpacing="xs"
          columns={['Référence', 'Décision', 'Responsable', { label: 'Échéance', nowrap: true }, 'Statut', 'Dernier suivi', { label: '', className: 'no-print' }]}
          rows={data.openDecisions}
          empty={
            <Alert color="gray" title="Aucune décision en cours">
              Les séances précédentes n'ont laissé aucune décision à lancer, en cours ou reportée.
            </Alert>
          }
          cells={(decision) => [
            <>
              <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                {decision.reference}
              </Text>
              <Text size="xs" c="dimmed" className="wrap-in-print" style={{ whiteSpace: 'nowrap' }}>
                séance du {formatDate(decision.sessionHeldOn)}
              </Text>
            </>,
            decision.text,
            <Owner decision={decision} />,
            formatDate(decision.dueOn),
            <DecisionStatusCell status={decision.status} overdue={decision.overdue} />,
            decision.lastFollowup ? (
              <Box maw={320}>
                <Text size="xs" c="dimmed">
                  {formatDate(decision.lastFollowup.recordedOn)}
                  {/* Non-breaking hyphens: the reference never splits across lines, on screen or on paper. */}
                  {decision.lastFollowup.sessionReference ? ` (${decision.lastFollowup.sessionReference.replace(/-/g, '\u2011')})` : ''}
                </Text>
                <Text size="sm">{decision.lastFollowup.note}</Text>
              </Box>
            ) : (
              <Text size="sm" c="dimmed">
                Aucun suivi
              </Text>
            ),
            <Tooltip label="Ajouter un suivi">
              <ActionIcon variant="light" aria-label={`Ajouter un suivi à ${decision.reference}`} onClick={() => onFollowUp(decision)}>
                <IconMessagePlus size={16} />
              </ActionIcon>
            </Tooltip>,
          ]}
        />
      </SectionCard>

      <Card withBorder className="print-section">
        <Group justify="space-between" mb="xs">
          <Title order={4}>Activité depuis la séance précédente</Title>
          <Text size="sm" c="dimmed">
            {plural(
              data.activity.reduce((sum, item) => sum + (item.count ?? 1), 0),
              'élément',
            )}
          </Text>
        </Group>
        {data.activity.length === 0 ? (
          <Alert color="gray" title="Rien de nouveau sur la période">
            Aucun nouveau Vitawiner, aucune réunion de groupe de travail et aucun échange noté au journal sur la période.
          </Alert>
        ) : (
          <Stack gap="md">
            {kinds.map((kind) => ({ kind, items: groups.get(kind)! })).map(({ kind, items }) => (
              <div key={kind}>
                <Group gap="xs" mb={4}>
                  <Text fw={600} size="sm">
                    {ACTIVITY_HEADINGS[kind] ?? kind}
                  </Text>
                  <Badge size="sm" variant="light" color="gray">
                    {formatInteger(items.reduce((sum, item) => sum + (item.count ?? 1), 0))}
                  </Badge>
                </Group>
                <Table verticalSpacing={4} aria-label={kind}>
                  <Table.Tbody>
                    {items.map((item, index) => (
                      <Table.Tr key={`${item.date}-${index}`}>
                        <Table.Td w={110} style={{ whiteSpace: 'nowrap' }} c="dimmed">
                          {/* A line standing for a month (the journal's): « nov. 2026 », not the month's first day. */}
                          {item.count !== undefined ? formatMonth(item.date, 'short') : formatDate(item.date)}
                        </Table.Td>
                        <Table.Td>
                          {item.link ? (
                            <Anchor component={Link} to={item.link} size="sm">
                              {item.label}
                            </Anchor>
                          ) : (
                            item.label
                          )}
                        </Table.Td>
                        <Table.Td c="dimmed">{item.detail}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            ))}
          </Stack>
        )}
      </Card>

      <SectionCard className="print-section" title="Chiffres clés">
        <RecordTable
          label="Chiffres clés"
          maw={900}
          columns={[
            'Indicateur',
            { label: data.previous ? `À la séance précédente (${formatDate(data.previous.heldOn)})` : 'À la séance précédente', numeric: true },
            { label: `Au ${formatDate(data.period.until)}`, numeric: true },
            { label: 'Évolution', numeric: true },
          ]}
          rows={data.figures}
          rowKey={(figure) => figure.label}
          empty="Aucun chiffre."
          cells={(figure) => [
            figure.label,
            formatInteger(figure.previous),
            formatInteger(figure.current),
            <Group justify="flex-end">
              <Evolution previous={figure.previous} current={figure.current} />
            </Group>,
          ]}
        />
      </SectionCard>
    </Stack>
  )
}
