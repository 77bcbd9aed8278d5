import { Alert, Stack, Title } from '@mantine/core'
import { IconTools } from '@tabler/icons-react'

export function NotYetBuilt({ title, what }: { title: string; what: string }) {
  return (
    <Stack maw={760}>
      <Title order={2}>{title}</Title>
      <Alert color="gray" icon={<IconTools />} title="Cet écran n'est pas encore construit">
        {what ? `Il rassemblera ${what}. ` : ''}
        Les autres écrans restent utilisables en attendant.
      </Alert>
    </Stack>
  )
}
