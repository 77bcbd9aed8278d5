import { Badge, Button, Group, Menu, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAddressBook, IconBuilding, IconChevronDown, IconDeviceFloppy, IconFileSpreadsheet, IconSearch, IconTrash, IconUser } from '@tabler/icons-react'
import { AG_GRID_LOCALE_FR } from '@ag-grid-community/locale'
import { keepPreviousData } from '@tanstack/react-query'
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColumnState,
  type GridApi,
  type GridReadyEvent,
  type SelectionChangedEvent,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../../../../db/rules/actor-columns'
import { call, errorMessage } from '../../api/client'
import { saveFile } from '../../api/files'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { useReference } from '../../api/reference'
import { EmptyState } from '../../components/EmptyState'
import { QueryState } from '../../components/QueryState'
import { formatInteger, plural } from '../../../../db/rules/format'
import { useImportRoads } from '../welcome/roads'
import { ActorForm, emptyActorValues, toOrganisationInput, toPersonInput, type ActorKind } from './ActorForm'
import { FormModal } from '../../components/FormModal'
import { BASE_FIELDS, columnDefs, fieldsOf, type Row } from './directory/columns'
import { ColumnChooser } from './directory/ColumnChooser'
import { fitNameColumn, namesWidth } from './directory/fitName'
import { PickFilterBar } from './directory/PickFilters'
import { BulkStatusModal, BulkTagModal, SaveViewModal } from './directory/DirectoryDialogs'
import { NO_PICKS, hasPicks, pickTest, picksOf, type PickFilters } from './directory/picks'

ModuleRegistry.registerModules([AllCommunityModule])

const SCOPE = 'actors.directory'
const FIRST_SCREENFUL = 500
const GRID_FONT_SIZE = 13
const CELL_PADDING = 10

const gridTheme = themeQuartz.withParams({ fontFamily: 'inherit', headerFontWeight: 600, spacing: 6, fontSize: GRID_FONT_SIZE, cellHorizontalPadding: CELL_PADDING })

const DEFAULT_SHOWN = new Set(DIRECTORY_COLUMNS.filter((column) => column.visible).map((column) => column.id))

/** The fields the grid asks for: the rows' own, then those of the columns shown, in DIRECTORY_FIELDS order. */
function fieldsFor(columns: Iterable<DirectoryField>, already: readonly DirectoryField[] = []): DirectoryField[] {
  const wanted = new Set<DirectoryField>([...BASE_FIELDS, ...already])
  for (const column of columns) for (const field of fieldsOf(column)) wanted.add(field)
  return DIRECTORY_FIELDS.filter((field) => wanted.has(field))
}

/** The columns shown in a grid's column state (those it does not name keep their default). */
function shownIn(state: ColumnState[] | null | undefined): Set<DirectoryField> {
  const shown = new Set(DEFAULT_SHOWN)
  for (const column of state ?? []) {
    if (!DIRECTORY_FIELDS.includes(column.colId as DirectoryField)) continue
    if (column.hide) shown.delete(column.colId as DirectoryField)
    else shown.add(column.colId as DirectoryField)
  }
  return shown
}

/** The layout this machine remembers: the columns, and whether the name column was sized by hand. */
interface Layout {
  columns: ColumnState[]
  nameSized?: boolean
}

interface ViewState {
  columnState: unknown
  filterModel: unknown
  quickFilter: string
  picks?: PickFilters
}

/** The columns the pick-lists filter: a text filter saved on them by an earlier version is dropped. */
const PICKED_COLUMNS = ['kind', 'profileCode', 'townCode', 'status']

/** The directory, once this machine's layout of its columns is known (the first rows ask for their fields). */
export function DirectoryScreen() {
  const layout = useApiQuery('layouts.get', { scope: SCOPE }, { staleTime: Infinity, gcTime: 0 })
  return <QueryState query={layout}>{(saved) => <Directory layout={(saved as Layout | null) ?? null} />}</QueryState>
}

function Directory({ layout }: { layout: Layout | null }) {
  const navigate = useNavigate()
  const reference = useReference()
  const [shown, setShown] = useState<Set<DirectoryField>>(() => shownIn(layout?.columns))
  // Grows only: a column hidden keeps its field loaded, a column shown brings its field once.
  const [fields, setFields] = useState<DirectoryField[]>(() => fieldsFor(shown))
  useEffect(() => setFields((current) => (fieldsFor(shown, current).length === current.length ? current : fieldsFor(shown, current))), [shown])
  // A first screenful comes at once; the whole directory (with tags, offers, last exchange…) follows.
  const [firstFields] = useState(fields)
  const firstPage = useApiQuery('actors.directory', { limit: FIRST_SCREENFUL, fields: firstFields }, { staleTime: 10_000 })
  const full = useApiQuery('actors.directory', { fields }, { staleTime: 10_000, enabled: firstPage.isFetched, placeholderData: keepPreviousData })
  const directory = full.data || full.error ? full : firstPage
  const partial = !full.data
  const loadingColumns = full.isPlaceholderData
  const views = useApiQuery('views.list', { scope: SCOPE })
  const deleteView = useApiMutation('views.delete', { successMessage: 'Vue supprimée.' })
  const createOrganisation = useApiMutation('actors.createOrganisation', { silentErrors: true })
  const createPerson = useApiMutation('actors.createPerson', { silentErrors: true })

  const gridApi = useRef<GridApi<Row> | null>(null)
  const gridBox = useRef<HTMLDivElement>(null)
  const [quickFilter, setQuickFilter] = useState('')
  const [picks, setPicks] = useState<PickFilters>(NO_PICKS)
  const [displayed, setDisplayed] = useState<number | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [currentView, setCurrentView] = useState<string | null>(null)
  const [creating, setCreating] = useState<ActorKind | null>(null)
  // The name offered when saving the view (the dialog is open while it is not null).
  const [naming, setNaming] = useState<string | null>(null)
  const [tagging, setTagging] = useState(false)
  const [changingStatus, setChangingStatus] = useState(false)
  const [exporting, setExporting] = useState(false)
  const roads = useImportRoads()

  // Where each field sits in the rows of the moment; the columns read through it.
  const positions = useRef(new Map<DirectoryField, number>())
  positions.current = useMemo(() => new Map((directory.data?.fields ?? []).map((field, at) => [field, at])), [directory.data?.fields])
  const read = useCallback((row: Row | undefined, field: DirectoryField) => {
    const at = positions.current.get(field)
    return row && at !== undefined ? (row[at] ?? null) : null
  }, [])
  const columns = useMemo(() => columnDefs(reference.lookups, read), [reference.lookups, read])

  // The pick-lists, as the grid's external filter.
  const passes = useRef(pickTest(NO_PICKS, read))
  const picking = useRef(false)
  useEffect(() => {
    passes.current = pickTest(picks, read)
    picking.current = hasPicks(picks)
    gridApi.current?.onFilterChanged()
  }, [picks, read])

  // The layout of the columns, remembered on this machine.
  const nameSized = useRef(layout?.nameSized ?? false)
  const saveTimer = useRef<number | undefined>(undefined)
  const rememberLayout = useCallback(() => {
    window.clearTimeout(saveTimer.current)
    saveTimer.current = window.setTimeout(() => {
      const api = gridApi.current
      if (!api || api.isDestroyed()) return
      const state: Layout = { columns: api.getColumnState(), nameSized: nameSized.current }
      call('layouts.save', { scope: SCOPE, state }).catch((error: unknown) => console.warn('Disposition des colonnes non retenue :', errorMessage(error)))
    }, 400)
  }, [])
  useEffect(() => () => window.clearTimeout(saveTimer.current), [])
  const syncShown = useCallback(() => {
    const api = gridApi.current
    if (!api) return
    setShown(new Set(api.getColumns()?.filter((column) => column.isVisible()).map((column) => column.getColId() as DirectoryField)))
  }, [])

  // The name column as wide as its longest names need, as far as the screen allows.
  const wantedName = useMemo(() => {
    const data = directory.data
    if (!data) return 0
    const font = `${GRID_FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`
    return namesWidth(data.rows as Row[], data.fields.indexOf('name'), font) + 2 * CELL_PADDING + 4
  }, [directory.data])
  const fitName = useCallback(() => {
    const api = gridApi.current
    if (!api || nameSized.current) return
    const viewport = gridBox.current?.querySelector('.ag-grid-viewport')?.clientWidth ?? gridBox.current?.clientWidth ?? 0
    fitNameColumn(api, viewport, wantedName)
  }, [wantedName])
  useEffect(fitName, [fitName])

  const onGridReady = useCallback(
    (event: GridReadyEvent<Row>) => {
      gridApi.current = event.api
      if (layout?.columns.length) event.api.applyColumnState({ state: layout.columns, applyOrder: true })
      setDisplayed(event.api.getDisplayedRowCount())
    },
    [layout],
  )

  const toggleColumn = (column: DirectoryField, visible: boolean) => {
    gridApi.current?.setColumnsVisible([column], visible)
  }

  const resetColumns = () => {
    const api = gridApi.current
    if (!api) return
    nameSized.current = false
    api.resetColumnState()
    syncShown()
    fitName()
    rememberLayout()
  }

  const applyView = (id: string | null) => {
    setCurrentView(id)
    const api = gridApi.current
    if (!api) return
    const view = views.data?.find((item) => String(item.id) === id)
    if (!view) {
      api.resetColumnState()
      api.setFilterModel(null)
      setQuickFilter('')
      setPicks(NO_PICKS)
      syncShown()
      return
    }
    const state = view.state as ViewState
    api.applyColumnState({ state: state.columnState as never, applyOrder: true })
    const model = { ...((state.filterModel ?? {}) as Record<string, unknown>) }
    for (const column of PICKED_COLUMNS) delete model[column]
    api.setFilterModel(model as never)
    setQuickFilter(state.quickFilter ?? '')
    setPicks(state.picks ? picksOf(state.picks) : NO_PICKS)
    syncShown()
  }

  const currentState = (): ViewState | null => {
    const api = gridApi.current
    return api ? { columnState: api.getColumnState(), filterModel: api.getFilterModel(), quickFilter, picks } : null
  }

  const exportRows = async (keys: string[]) => {
    const api = gridApi.current
    if (!api) return
    // The columns as the grid shows them, in its order.
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
    // The rows as the grid shows them: filtered (pick-lists included) and sorted.
    const keys: string[] = []
    gridApi.current?.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) keys.push(String(read(node.data, 'key')))
    })
    if (keys.length === 0) {
      notifications.show({ color: 'yellow', message: 'Aucune ligne à exporter : la vue est vide.' })
      return
    }
    void exportRows(keys)
  }

  const onSelectionChanged = (event: SelectionChangedEvent<Row>) => {
    setSelected(event.api.getSelectedRows().map((row) => String(read(row, 'key'))))
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
                  setNaming(views.data?.find((view) => String(view.id) === currentView)?.name ?? '')
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
          <ColumnChooser shown={shown} onToggle={toggleColumn} onReset={resetColumns} />
          <Button size="sm" variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={exporting} onClick={exportView} disabled={partial}>
            Exporter (Excel)
          </Button>
        </Group>
      </Group>

      <PickFilterBar
        picks={picks}
        reference={reference.data}
        onChange={(next) => {
          setPicks(next)
          setCurrentView(null)
        }}
      >
        <TextInput
          size="sm"
          label="Filtrer l'annuaire"
          placeholder="Nom, courriel…"
          leftSection={<IconSearch size={16} />}
          value={quickFilter}
          onChange={(event) => {
            setQuickFilter(event.currentTarget.value)
            setCurrentView(null)
          }}
          w={180}
        />
      </PickFilterBar>

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
              <div ref={gridBox} style={{ flex: 1, minHeight: 420 }} data-testid="directory-grid">
                <AgGridReact<Row>
                  theme={gridTheme}
                  rowData={data.rows as Row[]}
                  columnDefs={columns}
                  localeText={AG_GRID_LOCALE_FR}
                  getRowId={(params) => String(read(params.data, 'key'))}
                  quickFilterText={quickFilter}
                  isExternalFilterPresent={() => picking.current}
                  doesExternalFilterPass={(node) => passes.current(node.data)}
                  accentedSort
                  rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, selectAll: 'filtered', enableClickSelection: false }}
                  onSelectionChanged={onSelectionChanged}
                  onGridReady={onGridReady}
                  onModelUpdated={(event) => setDisplayed(event.api.getDisplayedRowCount())}
                  onFirstDataRendered={fitName}
                  onGridSizeChanged={fitName}
                  onDisplayedColumnsChanged={fitName}
                  onColumnVisible={() => {
                    syncShown()
                    rememberLayout()
                  }}
                  onColumnMoved={(event) => event.finished && rememberLayout()}
                  onColumnPinned={rememberLayout}
                  onSortChanged={rememberLayout}
                  onColumnResized={(event) => {
                    if (!event.finished || event.source !== 'uiColumnResized') return
                    if (event.columns?.some((column) => column.getColId() === 'name')) nameSized.current = true
                    rememberLayout()
                  }}
                  onRowClicked={(event) => {
                    const target = event.event?.target as HTMLElement | undefined
                    if (target?.closest('.ag-selection-checkbox, .ag-checkbox-input')) return
                    if (event.data) navigate(`/acteurs/${read(event.data, 'key')}`)
                  }}
                  onCellKeyDown={(event) => {
                    if ((event.event as KeyboardEvent | null | undefined)?.key === 'Enter' && event.data) navigate(`/acteurs/${read(event.data, 'key')}`)
                  }}
                  defaultColDef={{
                    filterParams: { buttons: ['reset'] },
                    tooltipValueGetter: (params) => params.valueFormatted ?? params.value,
                    // A narrow column's header goes on two lines rather than being cut.
                    wrapHeaderText: true,
                    autoHeaderHeight: true,
                  }}
                  tooltipShowMode="whenTruncated"
                  tooltipShowDelay={600}
                  animateRows={false}
                />
              </div>
              <Text size="xs" c="dimmed" data-testid="directory-count">
                {partial
                  ? `Chargement de l'annuaire complet (${formatInteger(data.total)} acteurs)…`
                  : displayed === null
                    ? ''
                    : `${formatInteger(displayed)} sur ${formatInteger(data.total)} acteurs affichés${loadingColumns ? ' · chargement des colonnes ajoutées…' : ''}`}
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

      {naming !== null && (
        <SaveViewModal
          scope={SCOPE}
          initialName={naming}
          state={currentState}
          onClose={() => setNaming(null)}
          onSaved={(id) => {
            setNaming(null)
            setCurrentView(String(id))
          }}
        />
      )}
      {tagging && <BulkTagModal keys={selected} onClose={() => setTagging(false)} />}
      {changingStatus && <BulkStatusModal keys={selected} onClose={() => setChangingStatus(false)} />}
    </Stack>
  )
}
