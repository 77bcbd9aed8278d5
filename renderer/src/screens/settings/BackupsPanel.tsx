import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconDatabaseExport, IconDeviceLaptop, IconFileUpload, IconFlask, IconFolderOpen, IconRestore, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import type { ApiResult } from '../../../../main/api'
import { canChooseFolder, chooseFolder } from '../../api/files'
import { useSwitchDatabase } from '../../app/database'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { QueryState } from '../../components/QueryState'
import { teamRestoreRefusal, type BackupReason } from '../../../../db/rules/safety-values'
import { chooseBackupToRestore } from '../../components/restoreFromFile'
import { formatDateTime, formatSize } from '../../../../db/rules/format'
import { RecordTable } from '../../components/RecordTable'

type Backup = ApiResult<'backups.list'>['backups'][number]
type TeamOrigin = NonNullable<Backup['team']>

/** « vitawin sur serveur:5432 », a team database as the list names it. */
const teamName = (team: TeamOrigin) => `${team.database} sur ${team.host}:${team.port}`
type Restored = ApiResult<'backups.restore'>

const BACKUP_REASON_COLORS: Record<BackupReason, string> = {
  manuel: 'teal',
  auto: 'blue',
  'avant-migration': 'gray',
  'avant-import': 'gray',
  'avant-fusion': 'gray',
  'avant-restauration': 'grape',
  endommage: 'red',
}

/** Paramètres → Sauvegardes: the folder, a backup now, the list, restore (with its undo). */
export function BackupsPanel() {
  const list = useApiQuery('backups.list')
  const [phase, setPhase] = useState<string | null>(null)
  const create = useApiMutation('backups.create', { successMessage: 'Sauvegarde écrite et vérifiée.', onProgress: (progress) => setPhase(progress.phase) })
  const restore = useApiMutation('backups.restore')
  const restoreFile = useApiMutation('backups.restoreFile')
  const setFolder = useApiMutation('backups.setFolder', { silentErrors: true, successMessage: 'Dossier des sauvegardes enregistré.' })
  const [folder, setFolderText] = useState<string | null>(null)
  const [restored, setRestored] = useState<Restored | null>(null)
  const switcher = useSwitchDatabase()

  const done = (result: Restored) => {
    setRestored(result)
    notifications.show({ color: 'teal', message: 'Sauvegarde restaurée.' })
  }

  const confirmRestore = (backup: Backup) =>
    modals.openConfirmModal({
      title: 'Restaurer cette sauvegarde ?',
      children: (
        <Text size="sm">
          {backup.team
            ? `Les données de ce poste seront remplacées par la copie de la base de l'équipe (${teamName(backup.team)}) du ${formatDateTime(backup.createdAt)}.`
            : `Les données seront remplacées par celles de la sauvegarde du ${formatDateTime(backup.createdAt)}.`}{' '}
          L'état actuel est d'abord sauvegardé : vous pourrez annuler la restauration.
        </Text>
      ),
      labels: { confirm: 'Restaurer', cancel: 'Annuler' },
      onConfirm: () => restore.mutate({ name: backup.name }, { onSuccess: done }),
    })

  const undo = (result: Restored) => {
    if (!result.safetyBackup) return
    restore.mutate(
      { name: result.safetyBackup.name },
      {
        onSuccess: () => {
          setRestored(null)
          notifications.show({ color: 'teal', message: 'Restauration annulée : les données sont revenues à leur état précédent.' })
        },
      },
    )
  }

  const restoreFromFile = () =>
    chooseBackupToRestore("L'état actuel est d'abord sauvegardé : vous pourrez annuler la restauration.", (fileId) =>
      restoreFile.mutate({ fileId }, { onSuccess: done }),
    )

  return (
    <QueryState query={list}>
      {(data) => (
        <Stack maw={1000}>
          {restored && (
            <Alert color="teal" icon={<IconRestore />} title="Sauvegarde restaurée" withCloseButton onClose={() => setRestored(null)}>
              <Stack gap="xs">
                <Text size="sm">
                  Les données sont maintenant celles de{' '}
                  {restored.restored.createdAt ? `la sauvegarde du ${formatDateTime(restored.restored.createdAt)}` : `« ${restored.restored.name} »`}.
                  {restored.safetyBackup && ` L'état d'avant a été sauvegardé (${formatDateTime(restored.safetyBackup.createdAt)}).`}
                </Text>
                {restored.safetyBackup && (
                  <Button variant="white" color="teal" w="fit-content" onClick={() => undo(restored)} loading={restore.isPending}>
                    Annuler la restauration
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          {data.demo && (
            <Alert
              color="yellow"
              icon={<IconFlask />}
              title={
                <Text span fw={700} size="sm" c="dark.9">
                  La démonstration est ouverte
                </Text>
              }
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  Les sauvegardes protègent vos données ; la démonstration, fictive, n'est jamais sauvegardée. La liste ci-dessous est celle des sauvegardes
                  de vos données : revenez-y pour en faire une ou en restaurer une.
                </Text>
                <Button size="xs" color="dark" onClick={() => switcher.open.mutate('real')} loading={switcher.busy}>
                  Revenir à vos données
                </Button>
              </Stack>
            </Alert>
          )}
          {data.team && (
            <Alert color="blue" icon={<IconUsersGroup />} title="Base de l'équipe ouverte">
              <Stack gap="xs">
                <Text size="sm">
                  « Sauvegarder maintenant » écrit dans le dossier de ce poste une copie vérifiée de la base de l'équipe ({teamName(data.team)}), table par
                  table ; une copie est faite automatiquement chaque jour. Les sauvegardes du serveur lui-même relèvent du service informatique.
                </Text>
                <Text size="sm">{teamRestoreRefusal()}</Text>
              </Stack>
            </Alert>
          )}
          {data.lastError && (
            <Alert color="orange" icon={<IconAlertTriangle />} title="La dernière sauvegarde automatique a échoué">
              {data.lastError}
            </Alert>
          )}
          <Card withBorder padding="md" radius="md">
            <Stack gap="sm">
              <Title order={3}>Dossier des sauvegardes</Title>
              <Text size="sm">
                {data.team
                  ? "Une copie vérifiée de la base de l'équipe est faite chaque jour sur ce poste."
                  : 'Une sauvegarde vérifiée est faite chaque jour au démarrage, avant chaque mise à jour, import, fusion ou restauration.'}{' '}
                Sont gardées les 10 dernières, puis une par jour sur 7 jours, une par semaine sur 4 semaines et une par mois sur 12 mois. Placez-les de
                préférence sur un autre disque ou un partage réseau.
              </Text>
              <TextInput
                label="Dossier"
                description={data.custom ? `Par défaut : ${data.defaultFolder}` : 'Dossier par défaut, à côté des données'}
                value={folder ?? data.folder}
                onChange={(event) => setFolderText(event.currentTarget.value)}
                error={setFolder.error?.message}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
              <Group>
                {canChooseFolder() && (
                  <Button
                    variant="default"
                    leftSection={<IconFolderOpen size={16} />}
                    onClick={() =>
                      void chooseFolder('Dossier des sauvegardes', folder ?? data.folder).then((chosen) => {
                        if (chosen) setFolder.mutate({ folder: chosen }, { onSuccess: () => setFolderText(null) })
                      })
                    }
                  >
                    Parcourir…
                  </Button>
                )}
                <Button
                  variant="default"
                  disabled={folder === null || folder.trim() === '' || folder === data.folder}
                  loading={setFolder.isPending}
                  onClick={() => setFolder.mutate({ folder: folder!.trim() }, { onSuccess: () => setFolderText(null) })}
                >
                  Utiliser ce dossier
                </Button>
                {data.custom && (
                  <Button variant="subtle" onClick={() => setFolder.mutate({ folder: null }, { onSuccess: () => setFolderText(null) })}>
                    Revenir au dossier par défaut
                  </Button>
                )}
              </Group>
            </Stack>
          </Card>
          <Card withBorder padding="md" radius="md">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={3}>Sauvegardes</Title>
                <Group>
                  <Button
                    variant="default"
                    leftSection={<IconFileUpload size={16} />}
                    onClick={() => void restoreFromFile()}
                    loading={restoreFile.isPending}
                    disabled={data.demo || data.team !== null}
                  >
                    Restaurer depuis un fichier…
                  </Button>
                  <Button
                    leftSection={<IconDatabaseExport size={16} />}
                    onClick={() => create.mutate(undefined, { onSettled: () => setPhase(null) })}
                    loading={create.isPending}
                    disabled={data.demo}
                  >
                    Sauvegarder maintenant
                  </Button>
                </Group>
              </Group>
              {create.isPending && phase && (
                <Text size="sm" aria-live="polite">
                  {phase}…
                </Text>
              )}
              <RecordTable
                label="Sauvegardes"
                highlightOnHover
                columns={['Date', 'Base sauvegardée', 'Type', { label: 'Taille', numeric: true }, '']}
                rows={data.backups}
                rowKey={(backup) => backup.name}
                empty="Aucune sauvegarde dans ce dossier pour l'instant."
                cells={(backup) => [
                  <span title={backup.name}>{formatDateTime(backup.createdAt)}</span>,
                  backup.team ? (
                    <Group gap={6} wrap="nowrap">
                      <IconUsersGroup size={16} aria-hidden />
                      <Text size="sm">Copie de la base de l'équipe {teamName(backup.team)}</Text>
                    </Group>
                  ) : (
                    <Group gap={6} wrap="nowrap">
                      <IconDeviceLaptop size={16} aria-hidden />
                      <Text size="sm">Base locale de ce poste</Text>
                    </Group>
                  ),
                  <Badge variant="light" color={BACKUP_REASON_COLORS[backup.reason]}>
                    {backup.reasonLabel}
                  </Badge>,
                  formatSize(backup.sizeBytes),
                  backup.reason !== 'endommage' && !data.demo && !data.team && (
                    <Group justify="flex-end">
                      <Anchor component="button" size="sm" onClick={() => confirmRestore(backup)}>
                        Restaurer
                      </Anchor>
                    </Group>
                  ),
                ]}
              />
            </Stack>
          </Card>
        </Stack>
      )}
    </QueryState>
  )
}
