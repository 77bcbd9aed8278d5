import { Badge, Button, Group, Menu, Select, Stack, TagsInput, Text, TextInput, SegmentedControl } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAddressBook, IconBuilding, IconChevronDown, IconDeviceFloppy, IconFileSpreadsheet, IconSearch, IconTrash, IconUser } from '@tabler/icons-react'
import { AG_GRID_LOCALE_FR } from '@ag-grid-community/locale'
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type GridApi, type GridReadyEvent, type SelectionChangedEvent } from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../../../../db/rules/actor-columns'
import { call, errorMessage } from '../../api/client'
import { saveFile } from '../../api/files'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference, type ReferenceLookups } from '../../api/reference'
import { DateField } from '../../components/DateField'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatDate, formatInteger, plural } from '../../../../db/rules/format'
import { useImportRoads } from '../welcome/roads'
import { ActorForm, emptyActorValues, toOrganisationInput, toPersonInput, type ActorKind } from './ActorForm'
import { ACTOR_KIND, ACTOR_SOURCE, ACTOR_STATUS } from '../../../../db/rules/actor-values'
import { FormModal } from '../../components/FormModal'

ModuleRegistry.registerModules([AllCommunityModule])

type Row = (string | number | null)[]
const index = Object.fromEntries(DIRECTORY_FIELDS.map((field, position) => [field, position])) as Record<DirectoryField, number>
const SCOPE = 'actors.directory'

const gridTheme = themeQuartz.withParams({ fontFamily: 'inherit', headerFontWeight: 600, spacing: 6, fontSize: 13 })

function labelList(value: string | number | null, labels: Map<string, string>): string {
  if (value === null || value === '') return ''
  return String(value)
    .split(',')
    .map((code) => labels.get(code) ?? code)
    .join(', ')
}

function isoDateComparator(filterDate: Date, cellValue: string | null): number {
  if (!cellValue) return -1
  const filter = `${filterDate.getFullYear()}-${String(filterDate.getMonth() + 1).padStart(2, '0')}-${String(filterDate.getDate()).padStart(2, '0')}`
  return cellValue < filter ? -1 : cellValue > filter ? 1 : 0
}

function columnDefs(lookups: ReferenceLookups): ColDef<Row>[] {
  return DIRECTORY_COLUMNS.map((column): ColDef<Row> => {
    const position = index[column.id]
    const base: ColDef<Row> = {
      colId: column.id,
      headerName: column.header,
      hide: !column.visible,
      width: column.width,
      sortable: true,
      resizable: true,
    }
    const raw = (row: Row | undefined) => (row ? row[position] : null) ?? null
    switch (column.id) {
      case 'kind':
        return { ...base, valueGetter: (p) => ACTOR_KIND.label(String(raw(p.data))) ?? '', filter: 'agTextColumnFilter' }
      case 'profileCode':
        return { ...base, valueGetter: (p) => lookups.profiles.get(String(raw(p.data))) ?? '', filter: 'agTextColumnFilter' }
      case 'townCode':
        return {
          ...base,
          valueGetter: (p) => {
            const code = raw(p.data)
            return code ? (lookups.towns.get(String(code)) ?? String(code)) : p.data?.[index.outsideTown] ? `${p.data[index.outsideTown]} (hors territoire)` : ''
          },
          filter: 'agTextColumnFilter',
        }
      case 'status':
        return { ...base, valueGetter: (p) => ACTOR_STATUS.label(String(raw(p.data))) ?? '', filter: 'agTextColumnFilter' }
      case 'source':
        return { ...base, valueGetter: (p) => ACTOR_SOURCE.label(String(raw(p.data))) ?? String(raw(p.data) ?? ''), filter: 'agTextColumnFilter' }
      case 'fields':
        return { ...base, valueGetter: (p) => labelList(raw(p.data), lookups.fields), filter: 'agTextColumnFilter' }
      case 'offers':
        return { ...base, valueGetter: (p) => labelList(raw(p.data), lookups.offerTypes), filter: 'agTextColumnFilter' }
      default:
        if (column.type === 'date') {
          return {
            ...base,
            valueGetter: (p) => raw(p.data),
            valueFormatter: (p) => (p.value ? formatDate(String(p.value)) : ''),
            filter: 'agDateColumnFilter',
            filterParams: { comparator: isoDateComparator },
          }
        }
        return { ...base, valueGetter: (p) => raw(p.data) ?? '', filter: 'agTextColumnFilter' }
    }
  })
}

interface ViewState {
  columnState: unknown
  filterModel: unknown
  quickFilter: string
}

export function DirectoryScreen() {
  const navigate = useNavigate()
  const reference = useReference()
  // A first screenful comes at once; the whole directory (with tags, offers, last exchange…) follows.
  const firstPage = useApiQuery('actors.directory', { limit: 500 }, { staleTime: 10_000 })
  const full = useApiQuery('actors.directory', undefined, { staleTime: 10_000, enabled: firstPage.isFetched })
  const directory = full.data || full.error ? full : firstPage
  const partial = !full.data
  const views = useApiQuery('views.list', { scope: SCOPE })
  const saveView = useApiMutation('views.save', { successMessage: 'Vue enregistrée.' })
  const deleteView = useApiMutation('views.delete', { successMessage: 'Vue supprimée.' })
  const bulkTag = useApiMutation('actors.bulkTag', { successMessage: 'Étiquettes mises à jour.' })
  const bulkStatus = useApiMutation('actors.bulkStatus', { successMessage: 'Statut mis à jour.' })
  const createOrganisation = useApiMutation('actors.createOrganisation', { silentErrors: true })
  const createPerson = useApiMutation('actors.createPerson', { silentErrors: true })

  const gridApi = useRef<GridApi<Row> | null>(null)
  const [quickFilter, setQuickFilter] = useState('')
  const [displayed, setDisplayed] = useState<number | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [currentView, setCurrentView] = useState<string | null>(null)
  const [creating, setCreating] = useState<ActorKind | null>(null)
  const [naming, setNaming] = useState(false)
  const [viewName, setViewName] = useState('')
  const [tagging, setTagging] = useState(false)
  const [tagsToAdd, setTagsToAdd] = useState<string[]>([])
  const [tagsToRemove, setTagsToRemove] = useState<string[]>([])
  const [changingStatus, setChangingStatus] = useState(false)
  const [newStatus, setNewStatus] = useState<'prospect' | 'vitawiner' | 'ancien'>('vitawiner')
  const [joinedOn, setJoinedOn] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const roads = useImportRoads()

  const columns = useMemo(() => columnDefs(reference.lookups), [reference.lookups])

  const onGridReady = useCallback((event: GridReadyEvent<Row>) => {
    gridApi.current = event.api
    setDisplayed(event.api.getDisplayedRowCount())
  }, [])

  const applyView = (id: string | null) => {
    setCurrentView(id)
    const api = gridApi.current
    if (!api) return
    const view = views.data?.find((item) => String(item.id) === id)
    if (!view) {
      api.resetColumnState()
      api.setFilterModel(null)
      setQuickFilter('')
      return
    }
    const state = view.state as ViewState
    api.applyColumnState({ state: state.columnState as never, applyOrder: true })
    api.setFilterModel((state.filterModel ?? null) as never)
    setQuickFilter(state.quickFilter ?? '')
  }

  const currentState = (): ViewState | null => {
    const api = gridApi.current
    return api ? { columnState: api.getColumnState(), filterModel: api.getFilterModel(), quickFilter } : null
  }

  const exportRows = async (keys: string[]) => {
    const api = gridApi.current
    if (!api) return
    const visible = api.getAllDisplayedColumns().map((column) => column.getColId()).filter((id) => id !== 'ag-Grid-SelectionColumn')
    setExporting(true)
    try {
      const result = await call('actors.export', { keys, columns: visible as DirectoryField[] })
      await saveFile(result.fileId, result.name)
      notifications.show({ color: 'teal', message: `${formatInteger(result.rows)} lignes exportées.` })
    } catch (error) {
      notifications.show({ color: 'red', title: 'Export impossible', message: errorMessage(error) })
    } finally {
      setExporting(false)
    }
  }

  const exportView = () => {
    const keys: string[] = []
    gridApi.current?.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) keys.push(String(node.data[0]))
    })
    if (keys.length === 0) {
      notifications.show({ color: 'yellow', message: 'Aucune ligne à exporter : la vue est vide.' })
      return
    }
    void exportRows(keys)
  }

  const onSelectionChanged = (event: SelectionChangedEvent<Row>) => {
    setSelected(event.api.getSelectedRows().map((row) => String(row[0])))
  }

  return (
    <Stack gap="xs" style={{ flex: 1, minHeight: 0 }}>
      <Group justify="space-between" className="no-print" gap="xs">
        <Group gap="xs">
          <Button size="sm" leftSection={<IconBuilding size={16} />} onClick={() => setCreating('organisation')}>
            Nouvelle organisation
          </Button>
          <Button size="sm" variant="light" leftSection={<IconUser size={16} />} onClick={() => setCreating('person')}>
            Nouvelle personne
          </Button>
        </Group>
        <Group gap="xs">
          <TextInput
            size="sm"
            aria-label="Filtrer l'annuaire"
            placeholder="Filtrer l'annuaire…"
            leftSection={<IconSearch size={16} />}
            value={quickFilter}
            onChange={(event) => {
              setQuickFilter(event.currentTarget.value)
              setCurrentView(null)
            }}
            w={220}
          />
          <Select
            size="sm"
            aria-label="Vue enregistrée"
            placeholder="Vues enregistrées"
            data={(views.data ?? []).map((view) => ({ value: String(view.id), label: view.name }))}
            value={currentView}
            onChange={applyView}
            allowDeselect={false}
            clearable
            // Wide enough for the chosen view's whole name; the list shows every name whole.
            w={Math.min(480, Math.max(180, 56 + 7.5 * ((views.data ?? []).find((view) => String(view.id) === currentView)?.name.length ?? 0)))}
            comboboxProps={{ width: 'max-content', position: 'bottom-start' }}
          />
          <Menu position="bottom-end">
            <Menu.Target>
              <Button size="sm" variant="default" rightSection={<IconChevronDown size={14} />}>
                Vue
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconDeviceFloppy size={14} />}
                onClick={() => {
                  setViewName(views.data?.find((view) => String(view.id) === currentView)?.name ?? '')
                  setNaming(true)
                }}
              >
                Enregistrer la vue…
              </Menu.Item>
              <Menu.Item
                leftSection={<IconTrash size={14} />}
                color="red"
                disabled={!currentView}
                onClick={() => currentView && deleteView.mutate({ id: Number(currentView) }, { onSuccess: () => applyView(null) })}
              >
                Supprimer la vue
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button size="sm" variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={exporting} onClick={exportView} disabled={partial}>
            Exporter (Excel)
          </Button>
        </Group>
      </Group>

      {selected.length > 0 && (
        <Group gap="xs" className="no-print" aria-label="Actions sur la sélection">
          <Badge size="lg" variant="light">
            {plural(selected.length, 'sélectionné')}
          </Badge>
          <Button size="xs" variant="light" onClick={() => setTagging(true)}>
            Étiqueter…
          </Button>
          <Button size="xs" variant="light" onClick={() => setChangingStatus(true)}>
            Changer le statut…
          </Button>
          <Button size="xs" variant="light" loading={exporting} onClick={() => void exportRows(selected)}>
            Exporter la sélection
          </Button>
          <Button size="xs" variant="subtle" onClick={() => gridApi.current?.deselectAll()}>
            Tout désélectionner
          </Button>
        </Group>
      )}

      <QueryState query={directory}>
        {(data) =>
          data.total === 0 ? (
            <EmptyState
              icon={IconAddressBook}
              title="L'annuaire est vide"
              actions={
                <>
                  <Button onClick={roads.files}>Importer vos fichiers</Button>
                  <Button variant="light" onClick={roads.sirene}>
                    Importer le répertoire SIRENE
                  </Button>
                  <Button variant="default" onClick={() => setCreating('organisation')}>
                    Créer une organisation
                  </Button>
                </>
              }
            >
              Il rassemblera les organisations et les personnes du réseau, avec leurs offres, leurs demandes et le journal des échanges. Importez les
              listes que l'équipe tient aujourd'hui (Excel ou CSV), ajoutez les entreprises du territoire depuis le répertoire SIRENE, ou créez les fiches
              une à une.
            </EmptyState>
          ) : (
            <Stack gap={4} style={{ flex: 1, minHeight: 420 }}>
              <div style={{ flex: 1, minHeight: 420 }} data-testid="directory-grid">
                <AgGridReact<Row>
                  theme={gridTheme}
                  rowData={data.rows as Row[]}
                  columnDefs={columns}
                  localeText={AG_GRID_LOCALE_FR}
                  getRowId={(params) => String(params.data[0])}
                  quickFilterText={quickFilter}
                  rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, selectAll: 'filtered', enableClickSelection: false }}
                  onSelectionChanged={onSelectionChanged}
                  onGridReady={onGridReady}
                  onModelUpdated={(event) => setDisplayed(event.api.getDisplayedRowCount())}
                  onRowClicked={(event) => {
                    const target = event.event?.target as HTMLElement | undefined
                    if (target?.closest('.ag-selection-checkbox, .ag-checkbox-input')) return
                    if (event.data) navigate(`/acteurs/${event.data[0]}`)
                  }}
                  defaultColDef={{ filterParams: { buttons: ['reset'] }, floatingFilter: false }}
                  animateRows={false}
                />
              </div>
              <Text size="xs" c="dimmed" data-testid="directory-count">
                {partial
                  ? `Chargement de l'annuaire complet (${formatInteger(data.total)} acteurs)…`
                  : displayed === null
                    ? ''
                    : `${formatInteger(displayed)} sur ${formatInteger(data.total)} acteurs affichés`}
              </Text>
            </Stack>
          )
        }
      </QueryState>

      <FormModal opened={creating !== null} onClose={() => setCreating(null)} title={creating === 'person' ? 'Nouvelle personne' : 'Nouvelle organisation'} size="xl">
        {creating && (
          <ActorForm
            kind={creating}
            initial={emptyActorValues(creating)}
            submitLabel="Créer la fiche"
            onCancel={() => setCreating(null)}
            onSubmit={async (values) => {
              const result =
                creating === 'organisation'
                  ? await createOrganisation.mutateAsync(toOrganisationInput(values))
                  : await createPerson.mutateAsync(toPersonInput(values))
              setCreating(null)
              notifications.show({ color: 'teal', message: 'Fiche créée.' })
              navigate(`/acteurs/${result.key}`)
            }}
          />
        )}
      </FormModal>

      <FormModal opened={naming} onClose={() => setNaming(false)} title="Enregistrer la vue">
        <Stack>
          <Text size="sm">Les colonnes affichées, leur ordre, les filtres et le tri seront retrouvés en choisissant la vue.</Text>
          <TextInput label="Nom de la vue" value={viewName} onChange={(event) => setViewName(event.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNaming(false)}>
              Annuler
            </Button>
            <Button
              disabled={!viewName.trim()}
              onClick={() => {
                const state = currentState()
                if (!state) return
                saveView.mutate(
                  { scope: SCOPE, name: viewName.trim(), state },
                  {
                    onSuccess: (result) => {
                      setNaming(false)
                      setCurrentView(String(result.id))
                    },
                  },
                )
              }}
            >
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </FormModal>

      <FormModal opened={tagging} onClose={() => setTagging(false)} title={`Étiqueter ${plural(selected.length, 'acteur')}`}>
        <Stack>
          <TagsInput label="Ajouter les étiquettes" data={(reference.data?.tags ?? []).map((tag) => tag.name)} value={tagsToAdd} onChange={setTagsToAdd} />
          <TagsInput label="Retirer les étiquettes" data={(reference.data?.tags ?? []).map((tag) => tag.name)} value={tagsToRemove} onChange={setTagsToRemove} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTagging(false)}>
              Annuler
            </Button>
            <Button
              disabled={tagsToAdd.length === 0 && tagsToRemove.length === 0}
              loading={bulkTag.isPending}
              onClick={() =>
                bulkTag.mutate(
                  { keys: selected as never, add: tagsToAdd, remove: tagsToRemove },
                  { onSuccess: () => (setTagging(false), setTagsToAdd([]), setTagsToRemove([])) },
                )
              }
            >
              Appliquer
            </Button>
          </Group>
        </Stack>
      </FormModal>

      <FormModal opened={changingStatus} onClose={() => setChangingStatus(false)} title={`Changer le statut de ${plural(selected.length, 'acteur')}`}>
        <Stack>
          <SegmentedControl value={newStatus} onChange={(value) => setNewStatus(value as typeof newStatus)} data={ACTOR_STATUS.options} />
          {newStatus === 'vitawiner' && (
            <DateField label="Date d'adhésion (pour ceux qui n'en ont pas)" value={joinedOn} onChange={setJoinedOn} required />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setChangingStatus(false)}>
              Annuler
            </Button>
            <Button
              loading={bulkStatus.isPending}
              disabled={newStatus === 'vitawiner' && !joinedOn}
              onClick={() => bulkStatus.mutate({ keys: selected as never, status: newStatus, joinedOn }, { onSuccess: () => setChangingStatus(false) })}
            >
              Appliquer
            </Button>
          </Group>
        </Stack>
      </FormModal>
    </Stack>
  )
}
