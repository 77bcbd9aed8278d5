import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconDeviceLaptop, IconFileUpload, IconRefresh, IconRestore } from '@tabler/icons-react'
import type { ApiErrorPayload } from '../../../main/api/envelope'
import { useApiMutation, useApiQuery } from '../api/hooks'
import { formatDateTime } from '../../../db/rules/format'
import { chooseBackupToRestore } from '../components/restoreFromFile'
import { errorMessage } from '../api/client'
import { TeamDatabaseForm } from '../components/TeamDatabaseForm'
import { useSwitchDatabase, type DatabaseState } from './database'

/**
 * The team database could not be opened (its server does not answer, the password is refused or
 * cannot be read back, the schema needs the owner's update): « Réessayer », the connection to
 * correct, or the way back to this machine's local file.
 */
function TeamRecovery({ error, database }: { error: ApiErrorPayload; database: DatabaseState }) {
  const { reconnect, backToLocal, busy } = useSwitchDatabase()
  return (
    <Stack maw={760}>
      <Alert color="red" icon={<IconAlertTriangle />} title="La base de l'équipe ne peut pas être ouverte">
        <Stack gap="sm">
          <Text size="sm">{reconnect.error ? errorMessage(reconnect.error) : error.message}</Text>
          <Group>
            <Button leftSection={<IconRefresh size={16} />} onClick={() => reconnect.mutate()} loading={reconnect.isPending} disabled={busy && !reconnect.isPending}>
              Réessayer
            </Button>
            <Button variant="default" leftSection={<IconDeviceLaptop size={16} />} onClick={() => backToLocal.mutate()} loading={backToLocal.isPending} disabled={busy && !backToLocal.isPending}>
              Revenir à la base locale
            </Button>
          </Group>
        </Stack>
      </Alert>
      <Text size="sm" c="dimmed">
        Ou corrigez la connexion (le service informatique vous donne ces informations) :
      </Text>
      <TeamDatabaseForm state={database} idPrefix="recovery-team" />
    </Stack>
  )
}

/**
 * The data could not be opened. For a damaged file, the most recent good backup is offered with
 * its date; nothing is replaced until the animator asks, and the damaged file is kept aside.
 */
export function RecoveryPanel({ error, database }: { error: ApiErrorPayload; database?: DatabaseState }) {
  if (database?.team) return <TeamRecovery error={error} database={database} />
  return <FileRecovery error={error} />
}

function FileRecovery({ error }: { error: ApiErrorPayload }) {
  const recovery = useApiQuery('backups.recovery', undefined, { enabled: error.code === 'database_damaged' })
  const restore = useApiMutation('backups.restore')
  const restoreFile = useApiMutation('backups.restoreFile')
  const latest = recovery.data?.latestGood ?? null
  const restored = (result: { setAside: string | null }) =>
    notifications.show({
      color: 'teal',
      title: 'Sauvegarde restaurée',
      message: result.setAside ? `Le fichier endommagé a été conservé : ${result.setAside}` : 'Les données sont de nouveau accessibles.',
      autoClose: 10_000,
    })
  // A backup kept elsewhere (another disk, a USB key, a copy sent by e-mail).
  const fromFile = () =>
    chooseBackupToRestore("Le fichier endommagé n'est pas effacé : il est mis de côté dans le dossier des sauvegardes.", (fileId) =>
      restoreFile.mutate({ fileId }, { onSuccess: restored }),
    )
  const confirm = () => {
    if (!latest) return
    modals.openConfirmModal({
      title: 'Restaurer la sauvegarde',
      children: (
        <Text size="sm">
          Les données seront remplacées par la sauvegarde du {formatDateTime(latest.createdAt)}. Les modifications faites depuis seront perdues. Le fichier
          endommagé n'est pas effacé : il est mis de côté dans le dossier des sauvegardes.
        </Text>
      ),
      labels: { confirm: 'Restaurer', cancel: 'Annuler' },
      onConfirm: () =>
        restore.mutate(
          { name: latest.name },
          { onSuccess: restored },
        ),
    })
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Les données ne peuvent pas être ouvertes" maw={760}>
      <Stack gap="sm">
        <Text size="sm">{error.message}</Text>
        {error.code === 'database_damaged' && recovery.data && !latest && (
          <Text size="sm">
            Aucune sauvegarde valide n'a été trouvée dans le dossier des sauvegardes ({recovery.data.folder}). Si une sauvegarde est ailleurs (autre
            disque, clé USB), choisissez-la.
          </Text>
        )}
        {latest && (
          <div>
            <Button leftSection={<IconRestore size={16} />} onClick={confirm} loading={restore.isPending}>
              Restaurer la sauvegarde du {new Date(latest.createdAt).toLocaleDateString('fr-FR')}
            </Button>
            <Text size="xs" c="dimmed" mt={4}>
              Sauvegarde {latest.reasonLabel} du {formatDateTime(latest.createdAt)}, vérifiée. Le fichier endommagé ne sera pas effacé : il sera mis de
              côté dans le dossier des sauvegardes.
            </Text>
          </div>
        )}
        {error.code === 'database_damaged' && recovery.data && (
          <div>
            <Button variant={latest ? 'default' : 'filled'} leftSection={<IconFileUpload size={16} />} onClick={() => void fromFile()} loading={restoreFile.isPending}>
              Choisir un fichier de sauvegarde…
            </Button>
            {restoreFile.error && (
              <Text size="sm" c="red" role="alert" mt={4}>
                {restoreFile.error.message}
              </Text>
            )}
          </div>
        )}
      </Stack>
    </Alert>
  )
}
