import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { ApiResult } from '../../../../../main/api'
import { RECORD_ACTION, type RecordAction } from '../../../../../db/rules/import-fields'
import { formatInteger, plural, pluralWord } from '../../../../../db/rules/format'
import { ValueBadge } from '../../../components/ValueBadge'

type Report = ApiResult<'actors.import.preview'>
type Row = Report['rows'][number]
type Ref = NonNullable<Row['organisation']>

const ACTION_COLORS: Record<RecordAction, string> = { create: 'teal', update: 'blue', unchanged: 'gray', same: 'gray' }

function RecordCell({ value, done }: { value: Ref | undefined; done: boolean }) {
  if (!value) return <Text c="dimmed">—</Text>
  return (
    <Group gap={6}>
      {done && value.key ? (
        <Anchor component={Link} to={`/acteurs/${value.key}`} size="sm">
          {value.name}
        </Anchor>
      ) : (
        <Text size="sm">{value.name}</Text>
      )}
      <ValueBadge list={RECORD_ACTION} colors={ACTION_COLORS} value={value.action} size="xs" tt="none" style={{ flexShrink: 0 }} />
    </Group>
  )
}

/** The counts of what the import does, as badges. */
export function ReportSummary({ report, done }: { report: Report; done: boolean }) {
  const people = report.target === 'organisations' ? null : report.target === 'contacts' ? ['contact', 'contacts'] : ['personne', 'personnes']
  const verb = (future: string, past: string) => (done ? past : future)
  const badges: [string, string, boolean][] = [
    [`${plural(report.organisations.created, 'organisation', 'organisations')} ${verb('à créer', pluralWord(report.organisations.created, 'créée', 'créées'))}`, 'teal', report.target !== 'people'],
    [`${plural(report.organisations.updated, 'organisation', 'organisations')} ${verb('à mettre à jour', pluralWord(report.organisations.updated, 'mise à jour', 'mises à jour'))}`, 'blue', report.organisations.updated > 0],
    [people ? `${plural(report.people.created, people[0]!, people[1]!)} ${verb('à créer', pluralWord(report.people.created, 'créé', 'créés'))}` : '', 'teal', people !== null],
    [people ? `${plural(report.people.updated, people[0]!, people[1]!)} ${verb('à mettre à jour', 'mis à jour')}` : '', 'blue', people !== null && report.people.updated > 0],
    [`${plural(report.affiliations, 'rattachement', 'rattachements')}`, 'teal', report.affiliations > 0],
    [`${plural(report.journal, 'échange', 'échanges')} au journal`, 'teal', report.journal > 0],
    [`${plural(report.organisations.unchanged + report.people.unchanged, 'fiche déjà à jour', 'fiches déjà à jour')}`, 'gray', report.organisations.unchanged + report.people.unchanged > 0],
    [`${plural(report.failed, 'ligne en erreur', 'lignes en erreur')}`, report.failed > 0 ? 'red' : 'gray', true],
    [`${plural(report.ignored.length, 'ligne ignorée', 'lignes ignorées')}`, 'gray', report.ignored.length > 0],
  ]
  return (
    <Group gap="xs" aria-label={done ? "Bilan de l'import" : 'Bilan de la vérification'}>
      {badges
        .filter(([, , shown]) => shown)
        .map(([label, color]) => (
          <Badge key={label} color={color} size="lg" variant="light" tt="none">
            {label}
          </Badge>
        ))}
    </Group>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      {children}
    </Stack>
  )
}

/** The preview: what the import will do, row by row, and everything it will not import, with the reason. */
export function PreviewCard({
  report,
  stale,
  busy,
  skipInvalid,
  mappingName,
  onSkipInvalid,
  skipHiddenRows,
  onSkipHiddenRows,
  onMappingName,
  onRecheck,
  onImport,
  progress,
}: {
  report: Report
  stale: boolean
  busy: boolean
  skipInvalid: boolean
  mappingName: string
  onSkipInvalid: (value: boolean) => void
  skipHiddenRows: boolean
  onSkipHiddenRows: (value: boolean) => void
  onMappingName: (value: string) => void
  onRecheck: () => void
  onImport: () => void
  progress: ReactNode
}) {
  const problems = report.rows.filter((row) => row.problems.length > 0 || row.warnings.length > 0)
  const sample = report.rows.filter((row) => row.problems.length === 0 && row.warnings.length === 0).slice(0, 20)
  const hiddenUnused = report.unusedColumns.filter((column) => column.hidden)
  const unused = report.unusedColumns.filter((column) => !column.hidden)
  const refused = report.imported === 0 || (report.failed > 0 && !skipInvalid)
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Aperçu de l'import</Title>
          <Text size="sm" c="dimmed">
            Ligne d'en-tête {report.headerRowNumber ?? '—'} · {plural(report.dataRows, 'ligne de données', 'lignes de données')}
          </Text>
        </Group>
        {stale && (
          <Alert color="yellow" icon={<IconRefresh />} title="Aperçu à mettre à jour">
            Vous avez changé la correspondance : vérifiez de nouveau le fichier pour voir ce que l'import fera.
          </Alert>
        )}
        <ReportSummary report={report} done={false} />
        {(report.warnings.length > 0 || unused.length > 0 || hiddenUnused.length > 0) && (
          <Alert color="orange" icon={<IconAlertTriangle />} title="À savoir sur le fichier">
            <List size="sm">
              {report.warnings.map((warning) => (
                <List.Item key={warning}>{warning}</List.Item>
              ))}
              {unused.length > 0 && (
                <List.Item>
                  Colonnes non importées :{' '}
                  {unused.map((column) => `${column.letter} « ${column.header || 'sans titre'} »${column.filled ? ` (${plural(column.filled, 'valeur', 'valeurs')})` : ''}`).join(', ')}.
                  Choisissez-leur un champ plus haut pour les importer.
                </List.Item>
              )}
              {hiddenUnused.length > 0 && (
                <List.Item>
                  Colonnes masquées dans le fichier, non importées : {hiddenUnused.map((column) => `${column.letter} « ${column.header || 'sans titre'} »`).join(', ')}.
                </List.Item>
              )}
            </List>
          </Alert>
        )}
        {report.ignored.length > 0 && (
          <Section title={`Lignes ignorées (${formatInteger(report.ignored.length)})`}>
            <ScrollArea.Autosize mah={260} type="auto">
              <Table striped withTableBorder verticalSpacing={4} aria-label="Lignes ignorées">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={80}>Ligne</Table.Th>
                    <Table.Th>Contenu</Table.Th>
                    <Table.Th w={320}>Raison</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.ignored.map((row) => (
                    <Table.Tr key={row.rowNumber}>
                      <Table.Td>{row.rowNumber}</Table.Td>
                      <Table.Td>{row.text}</Table.Td>
                      <Table.Td>{row.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Section>
        )}
        {problems.length > 0 && (
          <Section title={`Lignes à vérifier (${formatInteger(problems.length)})`}>
            <ScrollArea.Autosize mah={420} type="auto">
              <Table striped withTableBorder verticalSpacing={4} aria-label="Lignes à vérifier">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Ligne</Table.Th>
                    <Table.Th w="24%">{report.target === 'people' ? 'Personne' : 'Organisation'}</Table.Th>
                    {report.target === 'contacts' && <Table.Th w="20%">Contact</Table.Th>}
                    <Table.Th>Erreurs et remarques</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {problems.map((row) => (
                    <Table.Tr key={row.rowNumber}>
                      <Table.Td>{row.rowNumber}</Table.Td>
                      <Table.Td>{row.action === 'error' ? (row.name ?? '—') : <RecordCell value={row.organisation ?? row.person} done={false} />}</Table.Td>
                      {report.target === 'contacts' && <Table.Td>{row.action === 'error' ? '—' : <RecordCell value={row.person} done={false} />}</Table.Td>}
                      <Table.Td>
                        <Stack gap={2}>
                          {row.problems.map((problem) => (
                            <Text key={problem} size="sm" c="red.8" fw={500}>
                              Erreur : {problem}
                            </Text>
                          ))}
                          {row.warnings.map((warning) => (
                            <Group key={warning} gap={6} wrap="nowrap" align="flex-start">
                              <IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                              <Text size="sm">{warning}</Text>
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Section>
        )}
        {sample.length > 0 && (
          <Section title="Premières fiches">
            <Table withTableBorder verticalSpacing={4} aria-label="Premières fiches">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Ligne</Table.Th>
                  <Table.Th>{report.target === 'people' ? 'Personne' : 'Organisation'}</Table.Th>
                  {report.target === 'contacts' && <Table.Th>Contact</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sample.map((row) => (
                  <Table.Tr key={row.rowNumber}>
                    <Table.Td>{row.rowNumber}</Table.Td>
                    <Table.Td>
                      <RecordCell value={row.organisation ?? row.person} done={false} />
                    </Table.Td>
                    {report.target === 'contacts' && (
                      <Table.Td>
                        <RecordCell value={row.person} done={false} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        )}
        {report.hiddenRows.count > 0 && (
          <Checkbox
            label={`Laisser de côté les lignes masquées dans le fichier (${formatInteger(report.hiddenRows.count)})`}
            checked={skipHiddenRows}
            disabled={busy}
            onChange={(event) => onSkipHiddenRows(event.currentTarget.checked)}
          />
        )}
        {report.failed > 0 && (
          <Checkbox
            label={`Importer les autres lignes et laisser de côté les lignes en erreur (${formatInteger(report.failed)})`}
            checked={skipInvalid}
            onChange={(event) => onSkipInvalid(event.currentTarget.checked)}
          />
        )}
        <Group align="flex-end">
          <TextInput
            label="Enregistrer la correspondance sous le nom (facultatif)"
            description="Colonnes et valeurs, reprises pour le prochain fichier du même modèle."
            value={mappingName}
            onChange={(event) => onMappingName(event.currentTarget.value)}
            w={460}
          />
          {stale ? (
            <Button onClick={onRecheck} loading={busy} leftSection={<IconRefresh size={16} />}>
              Vérifier de nouveau
            </Button>
          ) : (
            <Button onClick={onImport} loading={busy} disabled={refused}>
              Importer {plural(report.imported, 'ligne', 'lignes')}
            </Button>
          )}
        </Group>
        {refused && !stale && (
          <Text size="sm" c="red.8">
            {report.imported === 0
              ? "Rien à importer : aucune ligne n'est valide."
              : 'Corrigez les lignes en erreur (ou choisissez les valeurs inconnues), ou cochez la case pour importer les autres lignes.'}
          </Text>
        )}
        {progress}
      </Stack>
    </Card>
  )
}
