import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ExportButton } from '../../components/ExportButton'
import { Markdown } from '../../components/Markdown'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatDecimal, formatInteger } from '../../../../db/rules/format'
import { EDITION_STATUS_COLORS, PLACEMENT_STATUS_COLORS, SEQUENCE_STATUS_COLORS } from './labels'
import { PlacementModal } from './PlacementModal'
import { PartnerModal } from './ProgrammesScreen'
import { ProgrammeSessionModal } from './ProgrammeSessionModal'
import { BackLink, DetailHeader } from '../../components/DetailHeader'
import { RowActions } from '../../components/RowActions'
import { EDITION_PARTNER_ROLE, EDITION_STATUS, PLACEMENT_KIND, PLACEMENT_STATUS, SEQUENCE_STATUS } from '../../../../db/rules/programme-values'
import { EditionModal, SequenceModal } from './EditionModals'
import { SessionsTable } from './EditionSessions'
import { ValueBadge } from '../../components/ValueBadge'
import { reloadable } from '../../components/StaleRecord'

/** Opened anew on the record read again after a save refused because it changed meanwhile. */
const EditionDialog = reloadable(EditionModal)

type Edition = ApiResult<'programmes.edition'>
type Sequence = Edition['sequences'][number]
type Session = Sequence['sessions'][number]

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="numeric" ta="left">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  )
}

export function EditionScreen() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const edition = useApiQuery('programmes.edition', { id: Number(id) }, { enabled: /^\d+$/.test(id) })
  return (
    <Stack gap="sm">
      <BackLink to="/programmes">Tous les programmes</BackLink>
      <QueryState query={edition}>{(data) => <EditionPage edition={data} onDeleted={() => navigate('/programmes')} />}</QueryState>
    </Stack>
  )
}

function EditionPage({ edition, onDeleted }: { edition: Edition; onDeleted: () => void }) {
  const [editing, setEditing] = useState(false)
  const [sequence, setSequence] = useState<{ value: Sequence | null } | null>(null)
  const [session, setSession] = useState<{ sequence: Sequence; value: Session | null } | null>(null)
  const [addingPartner, setAddingPartner] = useState(false)
  const [placing, setPlacing] = useState(false)
  const placements = useApiQuery('programmes.placements', { editionId: edition.id })
  const deleteEdition = useApiMutation('programmes.deleteEdition', { successMessage: 'Édition supprimée.' })
  const deleteSequence = useApiMutation('programmes.deleteSequence', { successMessage: 'Étape supprimée.' })
  const savePartner = useApiMutation('programmes.saveEditionPartner', { successMessage: 'Partenaire ajouté.', silentErrors: true })
  const deletePartner = useApiMutation('programmes.deleteEditionPartner', { successMessage: 'Partenaire retiré.' })
  const summary = edition.summary

  return (
    <Stack gap="md">
      <DetailHeader
        title={edition.title}
        badge={
          <ValueBadge list={EDITION_STATUS} colors={EDITION_STATUS_COLORS} value={edition.status} />
        }
        facts={[edition.programmeName, `année scolaire ${edition.schoolYear}`]}
        actions={<ExportButton run={() => call('programmes.exportEdition', { id: edition.id })} />}
        onEdit={() => setEditing(true)}
        remove={{
          label: "Supprimer l'édition",
          message: `L'édition « ${edition.title} », ses étapes et ses séances seront supprimées.`,
          onConfirm: () => deleteEdition.mutate({ id: edition.id, version: edition.version }, { onSuccess: onDeleted }),
        }}
      >
        {edition.copiedFromId && (
          <Text size="sm" c="dimmed">
            Reprise de l'édition{' '}
            <Anchor component={Link} to={`/programmes/editions/${edition.copiedFromId}`} size="sm">
              {edition.copiedFromTitle}
            </Anchor>{' '}
            (partenaires et étapes)
          </Text>
        )}
      </DetailHeader>

      <SimpleGrid cols={{ base: 3, lg: 6 }} aria-label="Chiffres de l'édition">
        <Figure label="Séances réalisées" value={formatInteger(summary.sessionsDone)} hint={summary.sessionsPlanned ? `${formatInteger(summary.sessionsPlanned)} à venir` : undefined} />
        <Figure label="Élèves touchés" value={formatInteger(summary.pupils)} hint="chaque classe comptée une fois" />
        <Figure label="Enseignants présents" value={formatInteger(summary.teachers)} />
        <Figure label="Heures d'intervention" value={formatDecimal(summary.hours)} />
        <Figure label="Satisfaction moyenne" value={summary.satisfaction === null ? '—' : `${formatDecimal(summary.satisfaction)} / 5`} />
        <Figure label="Stages" value={formatInteger(summary.placements)} hint={summary.pairs ? `${formatInteger(summary.pairs)} binômes de mentorat` : undefined} />
      </SimpleGrid>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Partenaires, référents et établissements</Title>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAddingPartner(true)} className="no-print">
            Ajouter
          </Button>
        </Group>
        {edition.partners.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun partenaire pour cette édition.
          </Text>
        ) : (
          <Group gap="xs">
            {edition.partners.map((partner) => (
              <Badge
                key={partner.id}
                variant="light"
                size="lg"
                color={partner.role === 'referent' ? 'grape' : partner.role === 'etablissement' ? 'cyan' : 'blue'}
                style={{ textTransform: 'none', fontWeight: 500 }}
                rightSection={
                  <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`Retirer ${partner.actorName}`} onClick={() => deletePartner.mutate({ id: partner.id, version: partner.version })} className="no-print">
                    <IconX size={10} />
                  </ActionIcon>
                }
              >
                <Anchor component={Link} to={`/acteurs/${partner.actorKey}`} inherit>
                  {partner.actorName}
                </Anchor>{' '}
                · {EDITION_PARTNER_ROLE.label(partner.role)}
              </Badge>
            ))}
          </Group>
        )}
      </Card>

      <Group justify="space-between">
        <Title order={3}>Étapes</Title>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setSequence({ value: null })} className="no-print">
          Ajouter une étape
        </Button>
      </Group>
      {edition.sequences.length === 0 && (
        <Alert color="gray" title="Aucune étape">
          Ajoutez les étapes de l'édition avec « Ajouter une étape », puis leurs séances.
        </Alert>
      )}
      {edition.sequences.map((item) => (
        <Card withBorder key={item.id} data-testid="sequence" aria-label={`Étape ${item.stepOrder} — ${item.title}`}>
          <Group justify="space-between" mb="xs" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Title order={4}>
                  {item.stepOrder}. {item.title}
                </Title>
                <ValueBadge list={SEQUENCE_STATUS} colors={SEQUENCE_STATUS_COLORS} value={item.status} />
              </Group>
              {item.description && (
                <Text size="sm" c="dimmed">
                  {item.description}
                </Text>
              )}
            </Stack>
            <RowActions what={`l'étape ${item.stepOrder}`} onEdit={() => setSequence({ value: item })} onDelete={() => deleteSequence.mutate({ id: item.id, version: item.version })}>
              <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setSession({ sequence: item, value: null })}>
                Ajouter une séance
              </Button>
            </RowActions>
          </Group>
          <SessionsTable sequence={item} onEdit={(value) => setSession({ sequence: item, value })} />
          {item.sessions.some((row) => row.feedback) && (
            <Stack gap={2} mt="xs">
              {item.sessions
                .filter((row) => row.feedback)
                .map((row) => (
                  <Text key={row.id} size="sm" c="dimmed">
                    <b>{formatDate(row.heldOn)} :</b> {row.feedback}
                  </Text>
                ))}
            </Stack>
          )}
        </Card>
      ))}

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Stages et alternance de l'édition</Title>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setPlacing(true)} className="no-print">
            Placer un élève
          </Button>
        </Group>
        {(placements.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun stage rattaché à cette édition.
          </Text>
        ) : (
          <Table striped aria-label="Stages de l'édition">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Élève</Table.Th>
                <Table.Th>Établissement</Table.Th>
                <Table.Th>Structure d'accueil</Table.Th>
                <Table.Th>Dates</Table.Th>
                <Table.Th>Statut</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(placements.data ?? []).map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{PLACEMENT_KIND.label(row.kind)}</Table.Td>
                  <Table.Td>{row.named ? `${row.pupilFirstName} ${row.pupilLastName}` : <Text span c="dimmed" size="sm">Anonyme</Text>}</Table.Td>
                  <Table.Td>{row.schoolName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/o${row.hostOrganisationId}`} size="sm">
                      {row.hostName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {formatDate(row.startedOn)}
                    {row.endedOn ? ` → ${formatDate(row.endedOn)}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <ValueBadge list={PLACEMENT_STATUS} colors={PLACEMENT_STATUS_COLORS} value={row.status} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      {(edition.notes || edition.actions.length > 0) && (
        <Card withBorder>
          {edition.notes && (
            <>
              <Title order={4} mb="xs">
                Notes
              </Title>
              <Markdown>{edition.notes}</Markdown>
            </>
          )}
          {edition.actions.length > 0 && (
            <Text size="sm" mt={edition.notes ? 'sm' : 0}>
              <b>Issue des pistes d'actions :</b>{' '}
              {edition.actions.map((action, index) => (
                <span key={action.id}>
                  {index > 0 && ' · '}« {action.title} » (
                  <Anchor component={Link} to={`/groupes/${action.groupId}`} size="sm">
                    {action.groupName}
                  </Anchor>
                  )
                </span>
              ))}
            </Text>
          )}
        </Card>
      )}

      {editing && <EditionDialog edition={edition} onClose={() => setEditing(false)} />}
      {sequence && <SequenceModal edition={edition} sequence={sequence.value} onClose={() => setSequence(null)} />}
      {session && <ProgrammeSessionModal edition={edition} sequence={session.sequence} session={session.value} onClose={() => setSession(null)} />}
      {placing && <PlacementModal placement={null} defaults={{ editionId: edition.id, schoolYear: edition.schoolYear }} onClose={() => setPlacing(false)} />}
      {addingPartner && (
        <PartnerModal
          title={`Partenaire de l'édition ${edition.title}`}
          roles={EDITION_PARTNER_ROLE}
          onSave={(actor, role) => savePartner.mutateAsync({ id: null, values: { editionId: edition.id, actor, role: role as never } })}
          onClose={() => setAddingPartner(false)}
        />
      )}
    </Stack>
  )
}

