import { Autocomplete, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useApiMutation, useApiQuery } from '../api/hooks'

/**
 * Asked once per machine: who works here. Every change made on this machine is recorded under
 * this name in the audit trail (Paramètres can change it).
 */
export function AnimatorPrompt() {
  const settings = useApiQuery('settings.get')
  const animators = useApiQuery('journal.animators', undefined, { enabled: settings.data?.animatorConfirmed === false })
  const save = useApiMutation('settings.setAnimator', { silentErrors: true })
  const [name, setName] = useState('')
  useEffect(() => {
    if (settings.data?.animator) setName((current) => current || settings.data!.animator || '')
  }, [settings.data])
  const opened = settings.data?.animatorConfirmed === false
  return (
    <Modal
      opened={opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title="Qui travaille sur ce poste ?"
      centered
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (name.trim()) save.mutate({ animator: name.trim() })
        }}
      >
        <Stack>
          <Text size="sm">
            Chaque modification faite sur ce poste est enregistrée dans le journal des modifications sous ce nom. La question n'est posée qu'une
            fois ; vous pourrez changer de nom dans Paramètres.
          </Text>
          <Autocomplete
            label="Animateur ou animatrice"
            placeholder="Prénom et nom"
            data={animators.data ?? []}
            value={name}
            onChange={setName}
            error={save.error?.message}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
