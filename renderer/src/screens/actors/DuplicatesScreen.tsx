import { Alert, Anchor, Button, Card, Group, Radio, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCopy } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../main/api'
import { fieldLabel } from '../../../../db/rules/field-labels'
import { MERGEABLE_FIELDS } from '../../../../db/rules/merge-fields'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useHasRecords } from '../../app/database'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { plural } from '../../../../db/rules/format'
import { FormModal } from '../../components/FormModal'

type Pair = ApiResult<'duplicates.list'>[number]

function display(value: unknown): string {
  return value === null || value === undefined || value === '' ? '—' : String(value)
}

function MergeModal({ pair, onClose }: { pair: Pair; onClose: () => void }) {
  const first = useApiQuery('actors.get', { key: pair.first.key })
  const second = useApiQuery('actors.get', { key: pair.second.key })
  const merge = useApiMutation('duplicates.merge')
  const [keep, setKeep] = useState<'first' | 'second'>('first')
  const [choices, setChoices] = useState<Record<string, 'keep' | 'other'>>({})
  const records = [first.data, second.data].map((detail) => (detail ? ((detail.organisation ?? detail.person) as Record<string, unknown>) : null))
  if (!records[0] || !records[1]) return null
  const kept = keep === 'first' ? records[0] : records[1]
  const other = keep === 'first' ? records[1] : records[0]
  const differing = MERGEABLE_FIELDS[pair.kind].filter((field) => display(kept[field]) !== display(other[field]))
  const run = () => {
    const takeFromRemoved = differing.filter((field) => (choices[field] ?? (kept[field] ? 'keep' : 'other')) === 'other')
    merge.mutate(
      { kind: pair.kind, keepId: Number(kept.id), removeId: Number(other.id), takeFromRemoved },
      { onSuccess: () => (notifications.show({ color: 'teal', message: 'Fiches fusionnées : tous les liens ont été reportés sur la fiche conservée.' }), onClose()) },
    )
  }
  return (
    <FormModal opened onClose={onClose} title="Fusionner deux fiches" size="xl">
      <Stack>
        <Radio.Group label="Fiche conservée" value={keep} onChange={(value) => (setKeep(value as 'first' | 'second'), setChoices({}))}>
          <Group mt="xs">
            <Radio value="first" label={pair.first.name} />
            <Radio value="second" label={pair.second.name} />
          </Group>
        </Radio.Group>
        {differing.length === 0 ? (
          <Text size="sm">Les deux fiches ont les mêmes valeurs : la fusion ne fera que regrouper leurs liens.</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Champ</Table.Th>
                <Table.Th>Fiche conservée</Table.Th>
                <Table.Th>Autre fiche</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((field) => {
                const choice = choices[field] ?? (kept[field] ? 'keep' : 'other')
                return (
                  <Table.Tr key={field}>
                    <Table.Td>{fieldLabel(field)}</Table.Td>
                    <Table.Td>
                      <Radio checked={choice === 'keep'} onChange={() => setChoices({ ...choices, [field]: 'keep' })} label={display(kept[field])} aria-label={`${fieldLabel(field)} : garder ${display(kept[field])}`} />
                    </Table.Td>
                    <Table.Td>
                      <Radio checked={choice === 'other'} onChange={() => setChoices({ ...choices, [field]: 'other' })} label={display(other[field])} aria-label={`${fieldLabel(field)} : prendre ${display(other[field])}`} />
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
        <Text size="sm" c="dimmed">
          Le journal, les étiquettes, les rattachements, les offres et les demandes de l'autre fiche seront reportés sur la fiche conservée, puis l'autre fiche sera supprimée.
        </Text>
        {merge.error && <Alert color="red">{merge.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={run} loading={merge.isPending}>
            Fusionner
          </Button>
        </Group>
      </Stack>
    </FormModal>
  )
}

export function DuplicatesScreen() {
  const pairs = useApiQuery('duplicates.list')
  const directoryStarted = useHasRecords('organisations', 'people')
  const dismiss = useApiMutation('duplicates.dismiss', { successMessage: 'Paire écartée : elle ne sera plus proposée.' })
  const [merging, setMerging] = useState<Pair | null>(null)
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Les fiches qui se ressemblent (nom proche dans la même commune, même courriel, même nom de personne). Fusionnez-les ou écartez la paire.
      </Text>
      <QueryState query={pairs}>
        {(rows) =>
          rows.length === 0 ? (
            directoryStarted === false ? (
              <EmptyState icon={IconCopy} title="L'annuaire est vide">
                Les doublons se cherchent parmi les fiches de l'annuaire, notamment après un import : les fiches qui se ressemblent apparaîtront ici, à
                fusionner ou à écarter.
              </EmptyState>
            ) : (
              <Alert color="teal" title="Aucun doublon probable">
                L'annuaire ne contient pas de fiches qui se ressemblent.
              </Alert>
            )
          ) : (
            <Card withBorder p={0}>
              <Table striped aria-label="Doublons probables">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Première fiche</Table.Th>
                    <Table.Th>Seconde fiche</Table.Th>
                    <Table.Th>Raison</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((pair) => (
                    <Table.Tr key={`${pair.kind}-${pair.first.id}-${pair.second.id}`}>
                      {[pair.first, pair.second].map((item) => (
                        <Table.Td key={item.key}>
                          <Anchor component={Link} to={`/acteurs/${item.key}`}>
                            {item.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {[item.town, item.email, item.identifier].filter(Boolean).join(' · ')}
                          </Text>
                        </Table.Td>
                      ))}
                      <Table.Td>{pair.reason}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" onClick={() => setMerging(pair)}>
                            Fusionner…
                          </Button>
                          <Button size="xs" variant="default" onClick={() => dismiss.mutate({ kind: pair.kind, firstId: pair.first.id, secondId: pair.second.id })}>
                            Pas un doublon
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed" p="xs">
                {plural(rows.length, 'paire')} à examiner.
              </Text>
            </Card>
          )
        }
      </QueryState>
      {merging && <MergeModal pair={merging} onClose={() => setMerging(null)} />}
    </Stack>
  )
}
