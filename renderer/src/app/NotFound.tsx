import { Alert, Anchor, Stack, Title } from '@mantine/core'
import { IconMapQuestion } from '@tabler/icons-react'
import { Link } from 'react-router'

/** An address that leads to no screen (an old link, a typing slip): says so, and leads back. */
export function NotFound() {
  return (
    <Stack maw={760}>
      <Title order={2}>Page introuvable</Title>
      <Alert color="gray" icon={<IconMapQuestion />} title="Cette adresse ne mène à aucun écran">
        Le lien est peut-être ancien ou incomplet. Choisissez un écran dans le menu, ou{' '}
        <Anchor component={Link} to="/" inherit>
          revenez au tableau de bord
        </Anchor>
        .
      </Alert>
    </Stack>
  )
}
