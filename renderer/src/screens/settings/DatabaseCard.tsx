import { Badge, Button, Card, Divider, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconArrowBackUp, IconDeviceLaptop, IconFlask, IconSettings, IconTrash, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import { useDatabase, useSwitchDatabase } from '../../app/database'
import { QueryState } from '../../components/QueryState'
import { confirmDanger } from '../../components/confirmDanger'
import { formatSize } from '../../../../db/rules/format'
import { DATABASE_KIND, TLS_MODE } from '../../../../db/rules/safety-values'
import { TeamDatabaseForm } from '../../components/TeamDatabaseForm'
import type { DatabaseState } from '../../app/database'

/** The team database open now: where, as whom, how (never the password). */
function TeamRows({ team }: { team: NonNullable<DatabaseState['team']> }) {
  return (
    <>
      <Table.Tr>
        <Table.Th>Serveur</Table.Th>
        <Table.Td style={{ wordBreak: 'break-all' }}>
          {team.host}:{team.port}
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Th>Base</Table.Th>
        <Table.Td>{team.database}</Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Th>Utilisateur</Table.Th>
        <Table.Td>{team.user}</Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Th>Chiffrement</Table.Th>
        <Table.Td>
          {TLS_MODE.label(team.sslmode)}
          {team.encrypted !== null && ` — connexion ${team.encrypted ? 'chiffrée (TLS)' : 'non chiffrée'}`}
        </Table.Td>
      </Table.Tr>
    </>
  )
}

/** Paramètres → Général: which database is open (the local file, the demo, or the team's), and the switches between them. */
export function DatabaseCard() {
  const database = useDatabase()
  const { open, deleteDemo, backToLocal, phase, busy } = useSwitchDatabase()
  const [editing, setEditing] = useState(false)
  const confirmDelete = () =>
    confirmDanger({
      title: 'Supprimer la démonstration ?',
      children: (
        <Text size="sm">
          Le fichier de la démonstration et tout ce que vous y avez fait sont effacés. Vos données ne sont pas touchées. Vous pourrez recréer une
          démonstration neuve à tout moment.
        </Text>
      ),
      confirmLabel: 'Supprimer la démonstration',
      onConfirm: () => deleteDemo.mutate(),
    })
  return (
    <Card withBorder padding="md" radius="md" maw={900} component="section" aria-labelledby="database-card-title">
      <QueryState query={database}>
        {(data) => {
          const demo = data.kind === 'demo'
          const team = data.team
          return (
            <Stack gap="sm">
              <Title order={3} id="database-card-title">
                Base de données
              </Title>
              <Text size="sm" c="dimmed">
                L'application travaille sur une base à la fois : la base locale de ce poste (un fichier), la base de l'équipe sur un serveur, partagée
                avec les autres animateurs, ou la démonstration, un fichier à part aux données fictives. Pendant la démonstration, le fichier de vos
                données reste fermé et n'est pas modifié.
              </Text>
              <Table variant="vertical" withTableBorder={false} aria-label="Base de données ouverte">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={220}>Base ouverte</Table.Th>
                    <Table.Td>
                      <Group gap="xs">
                        <Badge color={demo ? 'yellow.3' : 'teal'} c={demo ? 'dark.9' : undefined} variant="filled" size="lg" radius="sm">
                          {DATABASE_KIND.label(data.kind)}
                        </Badge>
                        {!demo && (
                          <Badge color="gray.7" variant="outline" size="lg" radius="sm" leftSection={team ? <IconUsersGroup size={14} /> : <IconDeviceLaptop size={14} />}>
                            {team ? "Base de l'équipe (serveur)" : 'Base locale de ce poste'}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {team ? (
                    <TeamRows team={team} />
                  ) : (
                    <>
                      <Table.Tr>
                        <Table.Th>Fichier</Table.Th>
                        <Table.Td style={{ wordBreak: 'break-all' }}>{data.file}</Table.Td>
                      </Table.Tr>
                      <Table.Tr>
                        <Table.Th>Taille</Table.Th>
                        <Table.Td>{formatSize(data.sizeBytes)}</Table.Td>
                      </Table.Tr>
                    </>
                  )}
                  {demo && (
                    <Table.Tr>
                      <Table.Th>Vos données (fermées)</Table.Th>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{data.realFile}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
              {!team && (
              <Group>
                {demo ? (
                  <Button leftSection={<IconArrowBackUp size={16} />} onClick={() => open.mutate('real')} loading={open.isPending} disabled={busy}>
                    Revenir à vos données
                  </Button>
                ) : (
                  <Button variant="default" leftSection={<IconFlask size={16} />} onClick={() => open.mutate('demo')} loading={open.isPending} disabled={busy}>
                    {data.demoExists ? 'Ouvrir la démonstration' : 'Créer et ouvrir la démonstration'}
                  </Button>
                )}
                {data.demoExists && (
                  <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete} loading={deleteDemo.isPending} disabled={busy}>
                    Supprimer la démonstration
                  </Button>
                )}
              </Group>
              )}
              {phase && (
                <Text size="sm" aria-live="polite">
                  {phase}…
                </Text>
              )}
              {!demo && (
                <>
                  <Divider />
                  <Stack gap="xs" component="section" aria-labelledby="team-database-title">
                    <Title order={4} id="team-database-title">
                      Base de l'équipe
                    </Title>
                    <Text size="sm" c="dimmed">
                      {team
                        ? `Les animateurs travaillent ensemble sur cette base ; la base locale de ce poste (${data.localFile}) reste fermée, telle qu'elle était.`
                        : "Pour travailler à plusieurs sur les mêmes données, sur une base PostgreSQL installée par le service informatique. Il vous donne le serveur, la base, l'utilisateur et son mot de passe."}
                    </Text>
                    {team && (
                      <Group>
                        <Button variant="default" leftSection={<IconDeviceLaptop size={16} />} onClick={() => backToLocal.mutate()} loading={backToLocal.isPending} disabled={busy}>
                          Revenir à la base locale
                        </Button>
                        {!editing && (
                          <Button variant="subtle" leftSection={<IconSettings size={16} />} onClick={() => setEditing(true)} disabled={busy}>
                            Modifier la connexion…
                          </Button>
                        )}
                      </Group>
                    )}
                    {!team && !editing && (
                      <Group>
                        <Button variant="default" leftSection={<IconUsersGroup size={16} />} onClick={() => setEditing(true)} disabled={busy}>
                          Rejoindre la base de l'équipe…
                        </Button>
                      </Group>
                    )}
                    {editing && <TeamDatabaseForm state={data} />}
                  </Stack>
                </>
              )}
            </Stack>
          )
        }}
      </QueryState>
    </Card>
  )
}
