import { ActionIcon, Alert, Anchor, Button, Card, List, SimpleGrid, Stack, Table, Tabs, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconMessagePlus, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { Markdown } from '../../components/Markdown'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { DecisionModal, type Decision } from './DecisionModal'
import { FollowupModal } from './FollowupModal'
import { ATTENDANCE_STATUS_COLORS } from './labels'
import { DecisionStatusBadge, DecisionStatusCell, Owner, SessionStatusBadge } from './parts'
import { PreparationPanel } from './PreparationPanel'
import { CopilSessionModal } from './CopilSessionModal'
import { BackLink, DetailHeader } from '../../components/DetailHeader'
import { RecordTable, SectionCard } from '../../components/RecordTable'
import { RowActions } from '../../components/RowActions'
import { DECISION_KIND } from '../../../../db/rules/copil-values'
import { ATTENDANCE_STATUS } from '../../../../db/rules/group-values'
import { ValueBadge } from '../../components/ValueBadge'
import { reloadable } from '../../components/StaleRecord'

/** Opened anew on the record read again after a save refused because it changed meanwhile. */
const CopilSessionDialog = reloadable(CopilSessionModal)

type Session = ApiResult<'copil.session'>


/** `/copil/seances/:id`: one session, its preparation, decisions, agenda and minutes. */
export function SessionScreen() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const sessionId = Number(id)
  const session = useApiQuery('copil.session', { id: sessionId }, { enabled: Number.isInteger(sessionId) && sessionId > 0 })
  return (
    <Stack gap="sm">
      <BackLink to="/copil">Retour aux séances du COPIL</BackLink>
      {Number.isInteger(sessionId) && sessionId > 0 ? (
        <QueryState query={session}>{(data) => <SessionPage key={data.id} session={data} onDeleted={() => navigate('/copil')} />}</QueryState>
      ) : (
        <Alert color="red" title="Séance introuvable">
          Cette adresse ne désigne aucune séance du COPIL.
        </Alert>
      )}
    </Stack>
  )
}

function SessionPage({ session, onDeleted }: { session: Session; onDeleted: () => void }) {
  const [tab, setTab] = useState<string | null>(session.status === 'prevue' ? 'preparation' : 'decisions')
  const [editing, setEditing] = useState(false)
  const remove = useApiMutation('copil.deleteSession')
  const present = session.attendance.filter((row) => row.status === 'present').length

  return (
    <Stack gap="md">
      <DetailHeader
        title={`Séance ${session.reference}`}
        badge={<SessionStatusBadge status={session.status} />}
        facts={[`Le ${formatDate(session.heldOn)}`, session.place, session.attendance.length > 0 && plural(present, 'présent')]}
        onEdit={() => setEditing(true)}
        remove={{
          label: 'Supprimer la séance',
          message: `La séance ${session.reference} du ${formatDate(session.heldOn)} sera supprimée avec son ordre du jour, ses présences et ses documents. Une séance qui a pris des décisions ne peut pas être supprimée.`,
          onConfirm: () => remove.mutate({ id: session.id, version: session.version }, { onSuccess: () => (notifications.show({ color: 'teal', message: 'Séance supprimée.' }), onDeleted()) }),
        }}
      />

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List className="no-print">
          <Tabs.Tab value="preparation">Préparation</Tabs.Tab>
          <Tabs.Tab value="decisions">Décisions ({formatInteger(session.decisions.length)})</Tabs.Tab>
          <Tabs.Tab value="ordre">Ordre du jour et présences</Tabs.Tab>
          <Tabs.Tab value="compte-rendu">Compte rendu</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="preparation" pt="md">
          <PreparationPanel session={session} />
        </Tabs.Panel>
        <Tabs.Panel value="decisions" pt="md">
          <DecisionsPanel session={session} />
        </Tabs.Panel>
        <Tabs.Panel value="ordre" pt="md">
          <AgendaPanel session={session} onEdit={() => setEditing(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="compte-rendu" pt="md">
          {session.minutes ? (
            <Card withBorder maw={900} py={0}>
              <Markdown>{session.minutes}</Markdown>
            </Card>
          ) : (
            <Alert color="gray" title="Pas encore de compte rendu">
              Rédigez le compte rendu avec « Modifier », onglet « Compte rendu » (titres, listes et gras sont possibles).
            </Alert>
          )}
        </Tabs.Panel>
      </Tabs>
      {editing && <CopilSessionDialog session={session} onClose={() => setEditing(false)} />}
    </Stack>
  )
}

function DecisionsPanel({ session }: { session: Session }) {
  const [editing, setEditing] = useState<{ decision: Decision | null } | null>(null)
  const [following, setFollowing] = useState<Decision | null>(null)
  return (
    <Stack gap="md">
      <SectionCard
        title="Décisions prises à cette séance"
        action={
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ decision: null })} disabled={session.status === 'annulee'}>
            Nouvelle décision
          </Button>
        }
      >
        <RecordTable
          label="Décisions de la séance"
          verticalSpacing="xs"
          columns={['Référence', 'Décision', 'Nature', 'Responsable', { label: 'Échéance', nowrap: true }, 'Statut', '']}
          rows={session.decisions}
          empty={
            <Alert color="gray" title="Aucune décision à cette séance">
              {session.status === 'annulee'
                ? 'La séance a été annulée : elle ne prend pas de décision.'
                : 'Notez chaque décision du COPIL avec « Nouvelle décision » : elle reçoit une référence et entre dans le registre, où son avancement se suit de séance en séance.'}
            </Alert>
          }
          cells={(decision) => [
            <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
              {decision.reference}
            </Text>,
            <>
              <Text size="sm">{decision.text}</Text>
              {decision.groupName && (
                <Text size="xs" c="dimmed">
                  Issue du groupe de travail{' '}
                  <Anchor component={Link} to={`/groupes/${decision.groupId}`} size="xs">
                    {decision.groupName}
                  </Anchor>
                </Text>
              )}
            </>,
            DECISION_KIND.label(decision.kind),
            <Owner decision={decision} />,
            formatDate(decision.dueOn),
            <DecisionStatusCell status={decision.status} overdue={decision.overdue} />,
            <RowActions what={decision.reference} onEdit={() => setEditing({ decision })}>
              <Tooltip label="Ajouter un suivi">
                <ActionIcon variant="subtle" aria-label={`Ajouter un suivi à ${decision.reference}`} onClick={() => setFollowing(decision)}>
                  <IconMessagePlus size={16} />
                </ActionIcon>
              </Tooltip>
            </RowActions>,
          ]}
        />
      </SectionCard>

      <SectionCard title="Suivis notés à cette séance">
        <RecordTable
          label="Suivis notés à cette séance"
          verticalSpacing="xs"
          columns={['Décision', { label: 'Le', nowrap: true }, 'Nouveau statut', 'Ce qui a changé et pourquoi']}
          rows={session.followups}
          empty="Aucun suivi de décision n'a été noté à cette séance. Les suivis se notent depuis l'onglet « Préparation » ou depuis le registre des décisions."
          cells={(followup) => [
            <>
              <Text size="sm" fw={500}>
                {followup.reference}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {followup.text}
              </Text>
            </>,
            formatDate(followup.recordedOn),
            <DecisionStatusBadge status={followup.status} />,
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {followup.note}
            </Text>,
          ]}
        />
      </SectionCard>
      {editing && <DecisionModal session={session} decision={editing.decision} onClose={() => setEditing(null)} />}
      {following && <FollowupModal decision={following} session={session} onClose={() => setFollowing(null)} />}
    </Stack>
  )
}

function AgendaPanel({ session, onEdit }: { session: Session; onEdit: () => void }) {
  const members = session.attendance.filter((row) => !row.isGuest)
  const guests = session.attendance.filter((row) => row.isGuest)
  const attendanceRows = (rows: Session['attendance']) =>
    rows.map((row) => (
      <Table.Tr key={row.id}>
        <Table.Td>
          {row.actorKey ? (
            <Anchor component={Link} to={`/acteurs/${row.actorKey}`} size="sm">
              {row.name}
            </Anchor>
          ) : (
            row.name
          )}
        </Table.Td>
        <Table.Td>
          <ValueBadge list={ATTENDANCE_STATUS} colors={ATTENDANCE_STATUS_COLORS} value={row.status} />
        </Table.Td>
      </Table.Tr>
    ))
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SectionCard title="Ordre du jour">
          {session.agenda.length === 0 ? (
            <Text size="sm" c="dimmed">
              L'ordre du jour n'est pas encore écrit.{' '}
              <Anchor component="button" size="sm" onClick={onEdit}>
                Le rédiger
              </Anchor>
            </Text>
          ) : (
            <List type="ordered" spacing="xs">
              {session.agenda.map((item) => (
                <List.Item key={item.id}>
                  <Text size="sm">{item.title}</Text>
                  {item.notes && (
                    <Text size="xs" c="dimmed">
                      {item.notes}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </SectionCard>
        <SectionCard title="Présences">
          {session.attendance.length === 0 ? (
            <Text size="sm" c="dimmed">
              Les présences ne sont pas encore notées.{' '}
              <Anchor component="button" size="sm" onClick={onEdit}>
                Les noter
              </Anchor>
            </Text>
          ) : (
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                {members.length > 0 &&
                  `Membres : ${(['present', 'excuse', 'absent'] as const)
                    .map((status) => {
                      const count = members.filter((row) => row.status === status).length
                      return plural(count, ATTENDANCE_STATUS.label(status).toLowerCase())
                    })
                    .join(', ')}. `}
                {guests.length > 0 && `Invités : ${formatInteger(guests.length)}.`}
              </Text>
              {members.length > 0 && (
                <Table aria-label="Présences des membres" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Membre</Table.Th>
                      <Table.Th w={120}>Présence</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>{attendanceRows(members)}</Table.Tbody>
                </Table>
              )}
              {guests.length > 0 && (
                <Table aria-label="Invités" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Invité</Table.Th>
                      <Table.Th w={120}>Présence</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>{attendanceRows(guests)}</Table.Tbody>
                </Table>
              )}
            </Stack>
          )}
        </SectionCard>
      </SimpleGrid>
      <SectionCard title="Documents">
        {session.documents.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun document référencé pour cette séance.
          </Text>
        ) : (
          <Table aria-label="Documents de la séance" verticalSpacing={4}>
            <Table.Tbody>
              {session.documents.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td w="35%">{document.label}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {document.path}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </SectionCard>
    </Stack>
  )
}
