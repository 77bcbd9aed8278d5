import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Menu, Modal, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { formatFrenchPhone } from '../../../../db/rules/identifiers'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../format'
import { ActorForm, toOrganisationInput, toPersonInput, type ActorFormValues } from './ActorForm'
import { AffiliationModal } from './AffiliationModal'
import { InteractionModal } from './InteractionModal'
import { OfferModal, RequestModal } from './EngagementModals'
import { REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS, STATUS_COLORS, STATUS_LABELS, WORKFORCE_BANDS } from './labels'
import { ActorFollowUps } from './ActorFollowUps'
import { Timeline } from './Timeline'
import { AuditEntries } from '../../components/AuditEntries'
import { formatSirenOrSiret } from '../../../../db/rules/identifiers'
import { confirmDanger } from '../../components/confirmDanger'

type Actor = ApiResult<'actors.get'>

function formValues(actor: Actor): ActorFormValues {
  const record = (actor.organisation ?? actor.person)!
  const organisation = actor.organisation
  const person = actor.person
  return {
    name: organisation?.name ?? '',
    firstName: person?.firstName ?? '',
    lastName: person?.lastName ?? '',
    profileCode: record.profileCode,
    townCode: record.townCode ?? (record.outsideTown ? 'hors' : ''),
    outsideTown: record.outsideTown ?? '',
    siret: organisation?.siret ?? '',
    rna: organisation?.rna ?? '',
    uai: organisation?.uai ?? '',
    email: record.email ?? '',
    phone: record.phone ? formatFrenchPhone(record.phone) : '',
    website: organisation?.website ?? '',
    address: organisation?.address ?? '',
    postalCode: organisation?.postalCode ?? '',
    jobTitle: person?.jobTitle ?? '',
    status: record.status,
    joinedOn: record.joinedOn,
    notes: record.notes ?? '',
    tags: actor.tags,
    networks: actor.networks,
    fields: actor.fields,
  }
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={200} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children || '—'}</Table.Td>
    </Table.Tr>
  )
}

export function ActorScreen() {
  const { key = '' } = useParams()
  const navigate = useNavigate()
  const actor = useApiQuery('actors.get', { key })
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/acteurs" size="sm" className="no-print">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Retour à l'annuaire
        </Group>
      </Anchor>
      <QueryState query={actor}>{(data) => <ActorPage actor={data} onDeleted={() => navigate('/acteurs')} />}</QueryState>
    </Stack>
  )
}

function ActorPage({ actor, onDeleted }: { actor: Actor; onDeleted: () => void }) {
  const reference = useReference()
  const [editing, setEditing] = useState(false)
  const [interaction, setInteraction] = useState<{ id: number | null } | null>(null)
  const [offer, setOffer] = useState<{ id: number | null } | null>(null)
  const [request, setRequest] = useState<{ id: number | null } | null>(null)
  const [affiliation, setAffiliation] = useState<{ id: number | null } | null>(null)
  const updateOrganisation = useApiMutation('actors.updateOrganisation', { silentErrors: true })
  const updatePerson = useApiMutation('actors.updatePerson', { silentErrors: true })
  const deleteActor = useApiMutation('actors.delete')
  const deleteOffer = useApiMutation('offers.delete', { successMessage: 'Offre supprimée.' })
  const deleteRequest = useApiMutation('requests.delete', { successMessage: 'Demande supprimée.' })
  const deleteAffiliation = useApiMutation('affiliations.delete', { successMessage: 'Lien supprimé.' })
  const record = (actor.organisation ?? actor.person)!
  const organisation = actor.organisation
  const person = actor.person
  const name = organisation ? organisation.name : `${person!.firstName} ${person!.lastName}`
  const town = record.townCode ? reference.lookups.towns.get(record.townCode) : record.outsideTown ? `${record.outsideTown} (hors territoire)` : null
  const id = organisation?.id ?? person!.id

  const confirmDelete = () =>
    confirmDanger({
      title: 'Supprimer la fiche',
      children: (
        <Text size="sm">
          La fiche « {name} » sera supprimée, avec son journal, ses étiquettes, ses offres et ses demandes. Cette action est définitive.
        </Text>
      ),
      confirmLabel: 'Supprimer',
      onConfirm: () =>
        deleteActor.mutate(
          { key: actor.key },
          { onSuccess: () => (notifications.show({ color: 'teal', message: 'Fiche supprimée.' }), onDeleted()) },
        ),
    })

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{name}</Title>
          <Group gap="xs">
            <Badge variant="light" color={STATUS_COLORS[record.status]}>
              {STATUS_LABELS[record.status]}
              {record.status === 'vitawiner' && record.joinedOn ? ` depuis le ${formatDate(record.joinedOn)}` : ''}
            </Badge>
            <Text size="sm" c="dimmed">
              {[reference.lookups.profiles.get(record.profileCode), town].filter(Boolean).join(' · ')}
            </Text>
            {organisation?.closedOn && <Badge color="red" variant="light">Fermé (SIRENE) le {formatDate(organisation.closedOn)}</Badge>}
          </Group>
        </Stack>
        <Group gap="xs" className="no-print">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setInteraction({ id: null })}>
            Noter un échange
          </Button>
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Modifier
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="Plus d'actions">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete}>
                Supprimer la fiche
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <Tabs defaultValue="chronologie" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="chronologie">Chronologie ({formatInteger(actor.timeline.length)})</Tabs.Tab>
          <Tabs.Tab value="fiche">Fiche</Tabs.Tab>
          <Tabs.Tab value="engagement">
            Offres et demandes ({formatInteger(actor.offers.length + actor.requests.length)})
          </Tabs.Tab>
          <Tabs.Tab value="liens">{organisation ? 'Personnes' : 'Organisations'} ({formatInteger(actor.affiliations.length)})</Tabs.Tab>
          <Tabs.Tab value="historique">Historique</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="historique" pt="md">
          <AuditEntries subject={actor.key} />
        </Tabs.Panel>

        <Tabs.Panel value="chronologie" pt="md">
          <ActorFollowUps actorKey={actor.key} />
          <Timeline events={actor.timeline} onEditInteraction={(interactionId) => setInteraction({ id: interactionId })} />
        </Tabs.Panel>

        <Tabs.Panel value="fiche" pt="md">
          <Card withBorder maw={900}>
            <Table>
              <Table.Tbody>
                {organisation && <Fact label="SIRET">{organisation.siret ? formatSirenOrSiret(organisation.siret) : null}</Fact>}
                {organisation?.rna && <Fact label="RNA">{organisation.rna}</Fact>}
                {organisation?.uai && <Fact label="UAI">{organisation.uai}</Fact>}
                {person && <Fact label="Fonction">{person.jobTitle}</Fact>}
                <Fact label="Courriel">{record.email ? <Anchor href={`mailto:${record.email}`}>{record.email}</Anchor> : null}</Fact>
                <Fact label="Téléphone">{record.phone ? formatFrenchPhone(record.phone) : null}</Fact>
                {organisation && <Fact label="Adresse">{[organisation.address, organisation.postalCode].filter(Boolean).join(', ')}</Fact>}
                {organisation?.website && <Fact label="Site internet">{organisation.website}</Fact>}
                {organisation?.nafCode && <Fact label="Code NAF">{organisation.nafCode}</Fact>}
                {organisation?.workforceBand && <Fact label="Effectif">{WORKFORCE_BANDS[organisation.workforceBand] ?? organisation.workforceBand}</Fact>}
                <Fact label="Domaines d'action">{actor.fields.map((code) => reference.lookups.fields.get(code) ?? code).join(', ')}</Fact>
                <Fact label="Étiquettes">
                  {actor.tags.length > 0 && (
                    <Group gap={4}>
                      {actor.tags.map((tag) => (
                        <Badge key={tag} variant="outline" size="sm">
                          {tag}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Fact>
                <Fact label="Réseaux et clubs">{actor.networks.join(', ')}</Fact>
                <Fact label="Notes">{record.notes ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{record.notes}</Text> : null}</Fact>
                <Fact label="Créée le">{formatDate(record.createdAt)}</Fact>
              </Table.Tbody>
            </Table>
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="engagement" pt="md">
          <Stack>
            <Card withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={4}>Offres d'engagement</Title>
                <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setOffer({ id: null })}>
                  Ajouter une offre
                </Button>
              </Group>
              {actor.offers.length === 0 ? (
                <Text size="sm" c="dimmed">Aucune offre d'engagement pour l'instant.</Text>
              ) : (
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Type</Table.Th>
                      <Table.Th ta="right">Capacité</Table.Th>
                      <Table.Th>Niveaux</Table.Th>
                      <Table.Th>Disponibilité</Table.Th>
                      <Table.Th>État</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {actor.offers.map((item) => (
                      <Table.Tr key={item.id}>
                        <Table.Td>{reference.lookups.offerTypes.get(item.offerTypeCode) ?? item.offerTypeCode}</Table.Td>
                        <Table.Td className="numeric">{formatInteger(item.capacity)}</Table.Td>
                        <Table.Td>{item.schoolLevels.map((code) => reference.lookups.schoolLevels.get(code) ?? code).join(', ')}</Table.Td>
                        <Table.Td>{item.availability}</Table.Td>
                        <Table.Td>{item.active ? 'Active' : 'Suspendue'}</Table.Td>
                        <Table.Td>
                          <Group gap={4} justify="flex-end">
                            <Tooltip label="Modifier"><ActionIcon variant="subtle" aria-label="Modifier l'offre" onClick={() => setOffer({ id: item.id })}><IconPencil size={14} /></ActionIcon></Tooltip>
                            <Tooltip label="Supprimer"><ActionIcon variant="subtle" color="red" aria-label="Supprimer l'offre" onClick={() => deleteOffer.mutate({ id: item.id })}><IconTrash size={14} /></ActionIcon></Tooltip>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
            <Card withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={4}>Besoins et demandes</Title>
                <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRequest({ id: null })}>
                  Ajouter une demande
                </Button>
              </Group>
              {actor.requests.length === 0 ? (
                <Text size="sm" c="dimmed">Aucune demande enregistrée.</Text>
              ) : (
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Demande</Table.Th>
                      <Table.Th>Type</Table.Th>
                      <Table.Th>Niveau</Table.Th>
                      <Table.Th ta="right">Nombre</Table.Th>
                      <Table.Th>Souhaitée pour le</Table.Th>
                      <Table.Th>Statut</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {actor.requests.map((item) => (
                      <Table.Tr key={item.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/programmes/demandes/${item.id}`} size="sm">
                            {item.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{REQUEST_KIND_LABELS[item.kind]}</Table.Td>
                        <Table.Td>{item.schoolLevel ? reference.lookups.schoolLevels.get(item.schoolLevel) : '—'}</Table.Td>
                        <Table.Td className="numeric">{formatInteger(item.quantity)}</Table.Td>
                        <Table.Td>{formatDate(item.wantedOn)}</Table.Td>
                        <Table.Td>{REQUEST_STATUS_LABELS[item.status]}</Table.Td>
                        <Table.Td>
                          <Group gap={4} justify="flex-end">
                            <Tooltip label="Modifier"><ActionIcon variant="subtle" aria-label="Modifier la demande" onClick={() => setRequest({ id: item.id })}><IconPencil size={14} /></ActionIcon></Tooltip>
                            <Tooltip label="Supprimer"><ActionIcon variant="subtle" color="red" aria-label="Supprimer la demande" onClick={() => deleteRequest.mutate({ id: item.id })}><IconTrash size={14} /></ActionIcon></Tooltip>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="liens" pt="md">
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>{organisation ? 'Personnes rattachées' : 'Organisations de rattachement'}</Title>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAffiliation({ id: null })}>
                {organisation ? 'Rattacher une personne' : 'Rattacher à une organisation'}
              </Button>
            </Group>
            {actor.affiliations.length === 0 ? (
              <Text size="sm" c="dimmed">Aucun rattachement.</Text>
            ) : (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{organisation ? 'Personne' : 'Organisation'}</Table.Th>
                    <Table.Th>Rôle</Table.Th>
                    <Table.Th>Depuis</Table.Th>
                    <Table.Th>Jusqu'au</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {actor.affiliations.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        {organisation ? (
                          <Anchor component={Link} to={`/acteurs/p${item.personId}`}>{item.firstName} {item.lastName}</Anchor>
                        ) : (
                          <Anchor component={Link} to={`/acteurs/o${item.organisationId}`}>{item.organisationName}</Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>{item.role ?? '—'}</Table.Td>
                      <Table.Td>{formatDate(item.startedOn)}</Table.Td>
                      <Table.Td>{formatDate(item.endedOn)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end">
                          <Tooltip label="Modifier"><ActionIcon variant="subtle" aria-label="Modifier le rattachement" onClick={() => setAffiliation({ id: item.id })}><IconPencil size={14} /></ActionIcon></Tooltip>
                          <Tooltip label="Supprimer"><ActionIcon variant="subtle" color="red" aria-label="Supprimer le rattachement" onClick={() => deleteAffiliation.mutate({ id: item.id })}><IconTrash size={14} /></ActionIcon></Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Tabs.Panel>
      </Tabs>

      <Modal opened={editing} onClose={() => setEditing(false)} title="Modifier la fiche" size="xl">
        {editing && (
          <ActorForm
            kind={actor.kind}
            id={id}
            initial={formValues(actor)}
            submitLabel="Enregistrer"
            onCancel={() => setEditing(false)}
            onSubmit={async (values) => {
              if (actor.kind === 'organisation') await updateOrganisation.mutateAsync({ id, values: toOrganisationInput(values) })
              else await updatePerson.mutateAsync({ id, values: toPersonInput(values) })
              setEditing(false)
              notifications.show({ color: 'teal', message: 'Fiche enregistrée.' })
            }}
          />
        )}
      </Modal>
      {interaction && <InteractionModal actor={actor} interactionId={interaction.id} onClose={() => setInteraction(null)} />}
      {offer && <OfferModal actor={actor} offerId={offer.id} onClose={() => setOffer(null)} />}
      {request && <RequestModal actor={actor} requestId={request.id} onClose={() => setRequest(null)} />}
      {affiliation && <AffiliationModal actor={actor} affiliationId={affiliation.id} onClose={() => setAffiliation(null)} />}
      {deleteActor.error && <Alert color="red">{deleteActor.error.message}</Alert>}
    </Stack>
  )
}
