import { Anchor, Autocomplete, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconPlus, IconSitemap } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { DateField } from '../../components/DateField'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/ExportButton'
import { QueryState } from '../../components/QueryState'
import { RecordTable } from '../../components/RecordTable'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { SessionStatusBadge, SessionStatusSelect } from './parts'
import { ModalFooter } from '../../components/ModalFooter'
import { type CopilSessionStatus } from '../../../../db/rules/copil-values'
import { FormModal } from '../../components/FormModal'
import { useDialogSave } from '../../components/useDialogSave'

/** « Séances »: every COPIL session, the latest first. */
export function SessionsScreen() {
  const navigate = useNavigate()
  const sessions = useApiQuery('copil.sessions')
  const [creating, setCreating] = useState(false)
  const membersDeclared = useHasRecords('copil_members')
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          Les séances du comité de pilotage. Ouvrez une séance pour la préparer, noter l'ordre du jour, les présences, les décisions et le compte rendu.
        </Text>
        <Group gap="xs" wrap="nowrap">
          {(sessions.data?.length ?? 0) > 0 && <ExportButton run={() => call('copil.exportSessions')} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Nouvelle séance
          </Button>
        </Group>
      </Group>
      <QueryState query={sessions}>
        {(rows) => (
          <RecordTable
            label="Séances du COPIL"
            highlightOnHover
            columns={['Référence', 'Date', 'Lieu', 'Statut', { label: 'Présents', numeric: true }, { label: 'Décisions', numeric: true }]}
            rows={rows}
            framed={{ summary: `${plural(rows.length, 'séance')}, dont ${plural(rows.filter((row) => row.status === 'tenue').length, 'tenue')}.` }}
            empty={
              <EmptyState
                icon={IconSitemap}
                title="Aucune séance pour l'instant"
                actions={
                  <>
                    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                      Créer la prochaine séance
                    </Button>
                    {membersDeclared === false && (
                      <Button variant="default" component={Link} to="/copil/membres">
                        Déclarer les membres
                      </Button>
                    )}
                  </>
                }
              >
                Une séance se prépare ici : ordre du jour, présences, décisions et compte rendu ; son onglet Préparation rappelle ce qui a été décidé
                la fois précédente et ce qui s'est passé depuis.
                {membersDeclared === false && ' Déclarez d’abord les membres du COPIL : ils forment la feuille de présence de chaque séance.'}
              </EmptyState>
            }
            rowProps={(row) => ({ style: { cursor: 'pointer' }, onClick: () => navigate(`/copil/seances/${row.id}`) })}
            cells={(row) => [
              <Anchor component={Link} to={`/copil/seances/${row.id}`} size="sm" fw={500} onClick={(event) => event.stopPropagation()}>
                {row.reference}
              </Anchor>,
              formatDate(row.heldOn),
              row.place ?? '—',
              <SessionStatusBadge status={row.status} />,
              row.status === 'tenue' || row.present > 0 ? formatInteger(row.present) : '—',
              formatInteger(row.decisions),
            ]}
          />
        )}
      </QueryState>
      {creating && (
        <NewCopilSessionModal
          places={[...new Set((sessions.data ?? []).map((row) => row.place).filter((place): place is string => Boolean(place)))]}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/copil/seances/${id}`)}
        />
      )}
    </Stack>
  )
}

function NewCopilSessionModal({ places, onClose, onCreated }: { places: string[]; onClose: () => void; onCreated: (id: number) => void }) {
  const save = useApiMutation('copil.saveSession', { silentErrors: true })
  const [heldOn, setHeldOn] = useState<string | null>(null)
  const [place, setPlace] = useState('')
  const [status, setStatus] = useState<CopilSessionStatus>('prevue')
  const dialog = useDialogSave(onClose)
  const submit = async () => {
    if (!heldOn) return dialog.refuse('heldOn', 'Indiquez la date de la séance.')
    let created: number | null = null
    await dialog.submit(async () => {
      created = (await save.mutateAsync({ id: null, values: { heldOn, place, status } })).id
    })
    if (created !== null) onCreated(created)
  }
  return (
    <FormModal opened onClose={onClose} title="Nouvelle séance du COPIL" size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <DateField label="Date" required value={heldOn} onChange={setHeldOn} error={dialog.fieldError('heldOn', heldOn)} />
          <SessionStatusSelect value={status} onChange={setStatus} error={dialog.fieldError('status', status)} />
        </SimpleGrid>
        <Autocomplete label="Lieu" placeholder="Ex. : Hôtel de territoire, Nogent-sur-Marne" data={places} value={place} onChange={setPlace} error={dialog.fieldError('place', place)} />
        <Text size="xs" c="dimmed">
          La référence de la séance (par exemple COPIL-2026-03) est attribuée d'après sa date. L'ordre du jour et les présences se complètent ensuite depuis la séance.
        </Text>
        <ModalFooter onCancel={onClose} onConfirm={() => void submit()} busy={save.isPending} error={dialog.error} confirmLabel="Créer la séance" />
      </Stack>
    </FormModal>
  )
}
