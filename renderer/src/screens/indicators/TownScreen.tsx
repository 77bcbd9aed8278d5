import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconArrowLeft, IconPrinter } from '@tabler/icons-react'
import { Link, useParams } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { call } from '../../api/client'
import { useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatDecimal, formatInteger } from '../../../../db/rules/format'
import { usePeriod } from './usePeriod'
import { PLACEMENT_KIND } from '../../../../db/rules/programme-values'
import { SectionCard } from '../../components/RecordTable'

type View = ApiResult<'indicators.town'>


function Section({ title, empty, children, count }: { title: string; empty: string; children: React.ReactNode; count: number }) {
  return (
    <Card withBorder className="town-section">
      <Title order={4} mb="xs">
        {title} ({formatInteger(count)})
      </Title>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  )
}

function TownPage({ view }: { view: View }) {
  const reference = useReference()
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {view.figures.slice(0, 2).map((figure) => (
          <Card withBorder key={figure.label}>
            <Text size="sm" c="dimmed">
              {figure.label}
            </Text>
            <Text size="xl" fw={700} data-testid={`town-${figure.label}`}>
              {formatInteger(figure.town)}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDecimal(figure.share)} % du territoire ({formatInteger(figure.territory)})
            </Text>
          </Card>
        ))}
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Élèves pour 1 000 habitants
          </Text>
          <Text size="xl" fw={700}>
            {formatDecimal(view.pupilsPerThousand)}
          </Text>
          <Text size="xs" c="dimmed">
            territoire : {formatDecimal(view.territoryPupilsPerThousand)}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Stages et alternances trouvés
          </Text>
          <Text size="xl" fw={700}>
            {formatInteger(view.internships.length)}
          </Text>
          <Text size="xs" c="dimmed">
            chez des structures de la commune
          </Text>
        </Card>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard title="La commune et le territoire">
          <Table aria-label="La commune et le territoire">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">{view.town.name}</Table.Th>
                <Table.Th ta="right">Territoire</Table.Th>
                <Table.Th ta="right">Part</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.figures
                .filter((figure) => figure.territory !== null)
                .map((figure) => (
                  <Table.Tr key={figure.label}>
                    <Table.Td>{figure.label}</Table.Td>
                    <Table.Td className="numeric">{formatInteger(figure.town)}</Table.Td>
                    <Table.Td className="numeric">{formatInteger(figure.territory)}</Table.Td>
                    <Table.Td className="numeric">{formatDecimal(figure.share)} %</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </SectionCard>
        <SectionCard title="Organisations de l'annuaire">
          <Table aria-label="Organisations de la commune par profil">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Profil</Table.Th>
                <Table.Th ta="right">Organisations</Table.Th>
                <Table.Th ta="right">dont Vitawiners</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.byProfile.map((row) => (
                <Table.Tr key={row.profileCode}>
                  <Table.Td>{reference.lookups.profiles.get(row.profileCode) ?? row.profileCode}</Table.Td>
                  <Table.Td className="numeric">{formatInteger(row.total)}</Table.Td>
                  <Table.Td className="numeric">{formatInteger(row.vitawiners)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SectionCard>
      </SimpleGrid>

      <Section title="Établissements scolaires" count={view.schools.length} empty="Aucun établissement de la commune dans l'annuaire.">
        <Group gap="xs">
          {view.schools.map((school) => (
            <Anchor key={school.id} component={Link} to={`/acteurs/o${school.id}`} size="sm">
              {school.name}
              {school.uai ? ` (${school.uai})` : ''}
            </Anchor>
          ))}
        </Group>
      </Section>

      <Section title="Acteurs engagés dans l'année" count={view.engagedActors.length} empty="Aucun acteur de la commune n'a participé à une action sur cette période.">
        <Table striped>
          <Table.Tbody>
            {view.engagedActors.slice(0, 200).map((actor) => (
              <Table.Tr key={actor.key}>
                <Table.Td>
                  <Anchor component={Link} to={`/acteurs/${actor.key}`} size="sm">
                    {actor.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{actor.how}</Table.Td>
                <Table.Td w={110}>{formatDate(actor.date)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title="Séances de programmes" count={view.sessions.length} empty="Aucune séance de programme sur la commune cette année.">
          <Table striped>
            <Table.Tbody>
              {view.sessions.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td w={110}>{formatDate(session.heldOn)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/programmes/editions/${session.editionId}`} size="sm">
                      {session.programme}
                    </Anchor>{' '}
                    — {session.title}
                  </Table.Td>
                  <Table.Td className="numeric">{session.pupilsCount === null ? '' : `${formatInteger(session.pupilsCount)} élèves`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
        <Section title="Stages et alternances" count={view.internships.length} empty="Aucun stage trouvé chez une structure de la commune cette année.">
          <Table striped>
            <Table.Tbody>
              {view.internships.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td w={110}>{formatDate(row.startedOn)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/acteurs/o${row.hostId}`} size="sm">
                      {row.host}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{PLACEMENT_KIND.label(row.kind)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      </SimpleGrid>
      <Section title="Réunions avec des acteurs de la commune" count={view.meetings.length} empty="Aucune réunion de groupe de travail avec un acteur de la commune cette année.">
        <Table striped>
          <Table.Tbody>
            {view.meetings.map((meeting) => (
              <Table.Tr key={meeting.id}>
                <Table.Td w={110}>{formatDate(meeting.heldOn)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/groupes/${meeting.groupId}`} size="sm">
                    {meeting.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{meeting.place}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  )
}

export function TownScreen() {
  const { code = '' } = useParams()
  const [period, setPeriod, choices] = usePeriod()
  const view = useApiQuery('indicators.town', { inseeCode: code, period }, { enabled: /^\d{5}$/.test(code) })
  return (
    <Stack gap="sm">
      <Anchor component={Link} to={`/indicateurs/carte?periode=${period}`} size="sm" className="no-print">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Carte du territoire
        </Group>
      </Anchor>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{view.data ? view.data.town.name : 'Commune'}</Title>
          {view.data && (
            <Text size="sm" c="dimmed">
              {formatInteger(view.data.town.population)} habitants · réseau Vitawin, année scolaire {period}
            </Text>
          )}
        </Stack>
        <Group gap="xs" className="no-print">
          <Select aria-label="Année scolaire" data={choices} value={period} onChange={(value) => value && setPeriod(value)} allowDeselect={false} w={150} />
          <ExportButton run={() => call('indicators.exportTown', { inseeCode: code, period })} />
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            Imprimer
          </Button>
        </Group>
      </Group>
      <QueryState query={view}>{(data) => <TownPage view={data} />}</QueryState>
    </Stack>
  )
}
