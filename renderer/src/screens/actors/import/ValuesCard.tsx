import { Badge, Card, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core'
import type { ApiResult } from '../../../../../main/api'
import { ACTOR_STATUS } from '../../../../../db/rules/actor-values'
import { IGNORE, type ImportTarget, type ListField, NAME_PREFIX, OUTSIDE, type ValueOrigin, VALUE_ORIGIN, fieldLabel } from '../../../../../db/rules/import-fields'
import { useReference } from '../../../api/reference'
import { formatInteger } from '../../../../../db/rules/format'

type Report = ApiResult<'actors.import.preview'>
export type ValueMapping = Partial<Record<ListField, Record<string, string>>>

const ORIGIN_COLORS: Record<ValueOrigin, string> = { chosen: 'blue', label: 'teal', words: 'teal', name: 'grape', new: 'cyan', outside: 'gray', unknown: 'red' }

/** The targets a value of a list column can be mapped to. */
function useOptions(defaultProfile: string): (field: ListField, raw: string) => { value: string; label: string }[] {
  const reference = useReference()
  const data = reference.data
  return (field, raw) => {
    switch (field) {
      case 'profile':
        return [
          ...(data?.profiles ?? []).map((each) => ({ value: each.code, label: each.label })),
          { value: IGNORE, label: `Profil par défaut (${reference.lookups.profiles.get(defaultProfile) ?? defaultProfile})` },
        ]
      case 'status':
        return [...ACTOR_STATUS.options, { value: IGNORE, label: 'Ne pas importer (statut inchangé)' }]
      case 'town':
        return [
          ...(data?.towns ?? []).map((each) => ({ value: each.code, label: each.label })),
          { value: OUTSIDE, label: `Hors territoire (« ${raw} »)` },
          { value: IGNORE, label: 'Ne pas importer' },
        ]
      case 'offers':
        return [...(data?.offerTypes ?? []).map((each) => ({ value: each.code, label: each.label })), { value: IGNORE, label: 'Ne pas importer' }]
      case 'fields':
        return [...(data?.fields ?? []).map((each) => ({ value: each.code, label: each.label })), { value: IGNORE, label: 'Ne pas importer' }]
      case 'networks': {
        const existing = (data?.networks ?? []).map((each) => ({ value: each.name, label: each.name }))
        const isNew = !existing.some((each) => each.value.toLocaleLowerCase('fr') === raw.toLocaleLowerCase('fr'))
        return [...(isNew ? [{ value: raw, label: `Nouveau réseau « ${raw} »` }] : []), ...existing, { value: IGNORE, label: 'Ne pas importer' }]
      }
    }
  }
}

/**
 * The distinct values of every list column, with the entry each goes to: recognised, from the
 * table of words people use, told by a name, or to choose. Editable; saved with the mapping.
 */
export function ValuesCard({
  report,
  target,
  values,
  defaultProfile,
  onChange,
}: {
  report: Report
  target: ImportTarget
  values: ValueMapping
  defaultProfile: string
  onChange: (values: ValueMapping) => void
}) {
  const options = useOptions(defaultProfile)
  if (report.values.length === 0) return null
  const unknown = report.values.reduce((sum, each) => sum + each.values.filter((value) => value.target === null).length, 0)
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>Valeurs des listes</Title>
        <Text size="sm" c="dimmed">
          Chaque valeur du fichier est associée à une entrée de la liste : reconnue, tirée de la table des mots usuels (« Collège » → Éducation nationale), ou déduite du nom de
          l'organisation quand le type est vide. Modifiez au besoin ; vos choix sont enregistrés avec la correspondance.
        </Text>
        {unknown > 0 && (
          <Text size="sm" c="red.8" fw={600}>
            {unknown > 1 ? `${formatInteger(unknown)} valeurs sont inconnues` : 'Une valeur est inconnue'} : choisissez leur correspondance, sinon leurs lignes sont en erreur.
          </Text>
        )}
        {report.values.map((list) => (
          <Stack key={list.field} gap={4}>
            <Text fw={600} size="sm" id={`values-${list.field}`}>
              {fieldLabel(target, list.field)}
            </Text>
            <ScrollArea.Autosize mah={360} type="auto">
              <Table withTableBorder verticalSpacing={4} aria-labelledby={`values-${list.field}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Valeur dans le fichier</Table.Th>
                    <Table.Th w={80} ta="right">
                      Lignes
                    </Table.Th>
                    <Table.Th w={320}>Correspondance</Table.Th>
                    <Table.Th w={190}>Origine</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.values.map((value) => {
                    const chosen = values[list.field]?.[value.key]
                    const described = value.key.startsWith(NAME_PREFIX) ? `Noms contenant « ${value.shown ?? value.raw} »` : value.raw
                    return (
                      <Table.Tr key={value.key}>
                        <Table.Td>{described}</Table.Td>
                        <Table.Td className="numeric">{formatInteger(value.count)}</Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={`Correspondance de « ${described} » (${fieldLabel(target, list.field)})`}
                            data={options(list.field, value.raw)}
                            value={chosen ?? value.target}
                            placeholder="Choisir…"
                            error={value.target === null && chosen === undefined ? true : undefined}
                            searchable
                            allowDeselect={false}
                            onChange={(next) => next && onChange({ ...values, [list.field]: { ...values[list.field], [value.key]: next } })}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" tt="none" color={chosen !== undefined ? ORIGIN_COLORS.chosen : ORIGIN_COLORS[value.origin]}>
                            {chosen !== undefined && chosen !== value.target ? 'choisie (à vérifier)' : VALUE_ORIGIN.label(value.origin)}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Stack>
        ))}
      </Stack>
    </Card>
  )
}
