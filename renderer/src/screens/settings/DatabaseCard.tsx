import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconArrowBackUp, IconFlask, IconTrash } from '@tabler/icons-react'
import { useDatabase, useSwitchDatabase } from '../../app/database'
import { QueryState } from '../../components/QueryState'
import { confirmDanger } from '../../components/confirmDanger'
import { formatSize } from '../../../../db/rules/format'
import { DATABASE_KIND } from '../../../../db/rules/safety-values'

/** Paramètres → Général: which database is open (file and size), and the switch to and from the demo. */
export function DatabaseCard() {
  const database = useDatabase()
  const { open, deleteDemo, phase, busy } = useSwitchDatabase()
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
          return (
            <Stack gap="sm">
              <Title order={3} id="database-card-title">
                Base de données
              </Title>
              <Text size="sm" c="dimmed">
                L'application travaille sur une base à la fois : vos données, ou la démonstration, un fichier à part aux données fictives. Pendant la
                démonstration, le fichier de vos données reste fermé et n'est pas modifié.
              </Text>
              <Table variant="vertical" withTableBorder={false} aria-label="Base de données ouverte">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={220}>Base ouverte</Table.Th>
                    <Table.Td>
                      <Badge color={demo ? 'yellow.3' : 'teal'} c={demo ? 'dark.9' : undefined} variant="filled" size="lg" radius="sm">
                        {DATABASE_KIND.label(data.kind)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Fichier</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{data.file}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Taille</Table.Th>
                    <Table.Td>{formatSize(data.sizeBytes)}</Table.Td>
                  </Table.Tr>
                  {demo && (
                    <Table.Tr>
                      <Table.Th>Vos données (fermées)</Table.Th>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{data.realFile}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
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
              {phase && (
                <Text size="sm" aria-live="polite">
                  {phase}…
                </Text>
              )}
            </Stack>
          )
        }}
      </QueryState>
    </Card>
  )
}
