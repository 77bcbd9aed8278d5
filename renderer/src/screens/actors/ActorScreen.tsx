import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Tabs, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { formatFrenchPhone, formatSirenOrSiret } from '../../../../db/rules/identifiers'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger } from '../../../../db/rules/format'
import { ActorForm, toOrganisationInput, toPersonInput, type ActorFormValues } from './ActorForm'
import { AffiliationModal } from './AffiliationModal'
import { InteractionModal } from './InteractionModal'
import { OfferModal, RequestModal } from './EngagementModals'
import { ACTOR_STATUS_COLORS } from './labels'
import { ActorFollowUps } from './ActorFollowUps'
import { Timeline } from './Timeline'
import { AuditEntries } from '../../components/AuditEntries'
import { BackLink, DetailHeader } from '../../components/DetailHeader'
import { RecordTable, SectionCard } from '../../components/RecordTable'
import { RowActions } from '../../components/RowActions'
import { actorPath, organisationKey, personKey } from '../../../../db/rules/actor-keys'
import { ACTOR_STATUS, REQUEST_KIND, REQUEST_STATUS, WORKFORCE_BAND } from '../../../../db/rules/actor-values'
import { ValueBadge } from '../../components/ValueBadge'
import { FormModal } from '../../components/FormModal'
import { reloadable, useLoadedVersion } from '../../components/StaleRecord'

// The forms, opened anew on their record read again after a save refused because it changed meanwhile.
const InteractionDialog = reloadable(InteractionModal)
const OfferDialog = reloadable(OfferModal)
const RequestDialog = reloadable(RequestModal)
const AffiliationDialog = reloadable(AffiliationModal)

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

/** The record's form, saving on the version it was opened at. */
const ActorEdit = reloadable(function ActorEdit({ actor, onDone }: { actor: Actor; onDone: () => void }) {
  const updateOrganisation = useApiMutation('actors.updateOrganisation', { silentErrors: true })
  const updatePerson = useApiMutation('actors.updatePerson', { silentErrors: true })
  const record = (actor.organisation ?? actor.person)!
  const version = useLoadedVersion(record.version)
  return (
    <ActorForm
      kind={actor.kind}
      id={record.id}
      initial={formValues(actor)}
      submitLabel="Enregistrer"
      onCancel={onDone}
      onSubmit={async (values) => {
        if (actor.kind === 'organisation') await updateOrganisation.mutateAsync({ id: record.id, version, values: toOrganisationInput(values) })
        else await updatePerson.mutateAsync({ id: record.id, version, values: toPersonInput(values) })
        onDone()
        notifications.show({ color: 'teal', message: 'Fiche enregistrée.' })
      }}
    />
  )
})

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
      <BackLink to="/acteurs">Retour à l'annuaire</BackLink>
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
  const deleteActor = useApiMutation('actors.delete')
  const deleteOffer = useApiMutation('offers.delete', { successMessage: 'Offre supprimée.' })
  const deleteRequest = useApiMutation('requests.delete', { successMessage: 'Demande supprimée.' })
  const deleteAffiliation = useApiMutation('affiliations.delete', { successMessage: 'Lien supprimé.' })
  const record = (actor.organisation ?? actor.person)!
  const organisation = actor.organisation
  const person = actor.person
  const name = organisation ? organisation.name : `${person!.firstName} ${person!.lastName}`
  const town = record.townCode ? reference.lookups.towns.get(record.townCode) : record.outsideTown ? `${record.outsideTown} (hors territoire)` : null

  return (
    <Stack gap="md">
      <DetailHeader
        title={name}
        badge={
          <ValueBadge list={ACTOR_STATUS} colors={ACTOR_STATUS_COLORS} value={record.status}>
            {record.status === 'vitawiner' && record.joinedOn ? ` depuis le ${formatDate(record.joinedOn)}` : ''}
          </ValueBadge>
        }
        facts={[reference.lookups.profiles.get(record.profileCode), town]}
        extra={organisation?.closedOn && <Badge color="red" variant="light">Fermé (SIRENE) le {formatDate(organisation.closedOn)}</Badge>}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setInteraction({ id: null })}>
            Noter un échange
          </Button>
        }
        onEdit={() => setEditing(true)}
        remove={{
          label: 'Supprimer la fiche',
          message: `La fiche « ${name} » sera supprimée, avec son journal, ses étiquettes, ses offres et ses demandes. Cette action est définitive.`,
          onConfirm: () => deleteActor.mutate({ key: actor.key, version: record.version }, { onSuccess: () => (notifications.show({ color: 'teal', message: 'Fiche supprimée.' }), onDeleted()) }),
        }}
      />

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
                {organisation?.workforceBand && <Fact label="Effectif">{WORKFORCE_BAND.label(organisation.workforceBand)}</Fact>}
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
            <SectionCard title="Offres d'engagement" add={{ label: 'Ajouter une offre', onClick: () => setOffer({ id: null }) }}>
              <RecordTable
                columns={['Type', { label: 'Capacité', numeric: true }, 'Niveaux', 'Disponibilité', 'État', '']}
                rows={actor.offers}
                empty="Aucune offre d'engagement pour l'instant."
                cells={(item) => [
                  reference.lookups.offerTypes.get(item.offerTypeCode) ?? item.offerTypeCode,
                  formatInteger(item.capacity),
                  item.schoolLevels.map((code) => reference.lookups.schoolLevels.get(code) ?? code).join(', '),
                  item.availability,
                  item.active ? 'Active' : 'Suspendue',
                  <RowActions what="l'offre" onEdit={() => setOffer({ id: item.id })} onDelete={() => deleteOffer.mutate({ id: item.id, version: item.version })} />,
                ]}
              />
            </SectionCard>
            <SectionCard title="Besoins et demandes" add={{ label: 'Ajouter une demande', onClick: () => setRequest({ id: null }) }}>
              <RecordTable
                columns={['Demande', 'Type', 'Niveau', { label: 'Nombre', numeric: true }, 'Souhaitée pour le', 'Statut', '']}
                rows={actor.requests}
                empty="Aucune demande enregistrée."
                cells={(item) => [
                  <Anchor component={Link} to={`/programmes/demandes/${item.id}`} size="sm">
                    {item.title}
                  </Anchor>,
                  REQUEST_KIND.label(item.kind),
                  item.schoolLevel ? reference.lookups.schoolLevels.get(item.schoolLevel) : '—',
                  formatInteger(item.quantity),
                  formatDate(item.wantedOn),
                  REQUEST_STATUS.label(item.status),
                  <RowActions what="la demande" onEdit={() => setRequest({ id: item.id })} onDelete={() => deleteRequest.mutate({ id: item.id, version: item.version })} />,
                ]}
              />
            </SectionCard>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="liens" pt="md">
          <SectionCard
            title={organisation ? 'Personnes rattachées' : 'Organisations de rattachement'}
            add={{ label: organisation ? 'Rattacher une personne' : 'Rattacher à une organisation', onClick: () => setAffiliation({ id: null }) }}
          >
            <RecordTable
              columns={[organisation ? 'Personne' : 'Organisation', 'Rôle', 'Depuis', "Jusqu'au", '']}
              rows={actor.affiliations}
              empty="Aucun rattachement."
              cells={(item) => [
                organisation ? (
                  <Anchor component={Link} to={actorPath(personKey(item.personId))}>
                    {item.firstName} {item.lastName}
                  </Anchor>
                ) : (
                  <Anchor component={Link} to={actorPath(organisationKey(item.organisationId))}>
                    {item.organisationName}
                  </Anchor>
                ),
                item.role ?? '—',
                formatDate(item.startedOn),
                formatDate(item.endedOn),
                <RowActions what="le rattachement" onEdit={() => setAffiliation({ id: item.id })} onDelete={() => deleteAffiliation.mutate({ id: item.id, version: item.version })} />,
              ]}
            />
          </SectionCard>
        </Tabs.Panel>
      </Tabs>

      <FormModal opened={editing} onClose={() => setEditing(false)} title="Modifier la fiche" size="xl">
        {editing && <ActorEdit actor={actor} onDone={() => setEditing(false)} />}
      </FormModal>
      {interaction && <InteractionDialog actor={actor} interactionId={interaction.id} onClose={() => setInteraction(null)} />}
      {offer && <OfferDialog actor={actor} offerId={offer.id} onClose={() => setOffer(null)} />}
      {request && <RequestDialog actor={actor} requestId={request.id} onClose={() => setRequest(null)} />}
      {affiliation && <AffiliationDialog actor={actor} affiliationId={affiliation.id} onClose={() => setAffiliation(null)} />}
      {deleteActor.error && <Alert color="red">{deleteActor.error.message}</Alert>}
    </Stack>
  )
}
