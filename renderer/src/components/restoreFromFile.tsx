import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { errorMessage } from '../api/client'
import { pickFile } from '../api/files'

/**
 * Asks for a backup file (a dialog in the app, an upload in browser mode), then for a
 * confirmation that says what restoring it will do; `restore` runs only once confirmed.
 */
export async function chooseBackupToRestore(whatHappens: string, restore: (fileId: string) => void): Promise<void> {
  try {
    const file = await pickFile({ title: 'Sauvegarde à restaurer', extensions: ['sqlite'], kindLabel: 'Sauvegarde Vitawin (.sqlite)' })
    if (!file) return
    modals.openConfirmModal({
      title: 'Restaurer ce fichier ?',
      children: (
        <Text size="sm">
          Les données seront remplacées par celles de « {file.name} », après vérification du fichier. {whatHappens}
        </Text>
      ),
      labels: { confirm: 'Restaurer', cancel: 'Annuler' },
      onConfirm: () => restore(file.fileId),
    })
  } catch (error) {
    notifications.show({ color: 'red', title: 'Fichier non reçu', message: errorMessage(error) })
  }
}
