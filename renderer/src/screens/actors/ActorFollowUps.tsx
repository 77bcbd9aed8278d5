import { Card, Stack, Title } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { formatInteger } from '../../../../db/rules/format'
import { FollowUpTable } from './FollowUpTable'

/** An actor's open next steps with their due dates, above its timeline; nothing when there is none. */
export function ActorFollowUps({ actorKey }: { actorKey: string }) {
  const followUps = useApiQuery('journal.followUps', { actor: actorKey, limit: 500 })
  const data = followUps.data
  if (!data || data.total === 0) return null
  return (
    <Stack gap={6} mb="md">
      <Title order={3} size="h5">
        Prochaines étapes à faire ({formatInteger(data.total)})
      </Title>
      <Card withBorder p={0}>
        <FollowUpTable rows={data.rows} label="Prochaines étapes" withActor={false} />
      </Card>
    </Stack>
  )
}
