import { Badge, Button, Group, Menu, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAddressBook, IconBuilding, IconChevronDown, IconDeviceFloppy, IconFileSpreadsheet, IconSearch, IconTrash, IconUser } from '@tabler/icons-react'
import { AG_GRID_LOCALE_FR } from '@ag-grid-community/locale'
import {
  CellStyleModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  DateFilterModule,
  DragAndDropModule,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  themeQuartz,
  type ColumnState,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type RowSelectedEvent,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../../../../db/rules/actor-columns'
import type { ApiResult } from '../../../../main/api'
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
import { BASE_FIELDS, columnDefs, fieldsOf, read, rowOf, type Row } from './directory/columns'
import { ColumnChooser } from './directory/ColumnChooser'
import { fitNameColumn, namesWidth } from './directory/fitName'
import { PickFilterBar } from './directory/PickFilters'
import { BulkStatusModal, BulkTagModal, SaveViewModal } from './directory/DirectoryDialogs'
import { hasPicks, NO_PICKS, picksOf, type DirectoryFilter, type DirectorySort, type PickFilters } from '../../../../db/rules/directory-filter'

// Only what the directory uses (the whole community set is twice the code to parse and set up).
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  TextFilterModule,
  DateFilterModule,
  RowSelectionModule,
  TooltipModule,
  LocaleModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  RowApiModule,
  EventApiModule,
  RenderApiModule,
  ScrollApiModule,
  CellStyleModule,
  DragAndDropModule,
])

const SCOPE = 'actors.directory'
// The grid holds the whole directory and asks the server for the blocks of rows it shows; a fast
// scroll asks only for where it stops.
const BLOCK_ROWS = 200
const KEPT_BLOCKS = 50
const BLOCK_PAUSE = 60
const QUICK_FILTER_PAUSE = 250
const LONGEST_NAMES = 40
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

/** The grid's sort, from its column state, most significant first. */
function sortOf(state: ColumnState[]): DirectorySort[] {
  return state
    .filter((column) => column.sort)
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((column) => ({ field: column.colId as DirectoryField, descending: column.sort === 'desc' }))
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
  // What the whole directory is: its size (an empty directory shows the ways to fill it), its
  // longest names (the name column's width); asked again after every change, which refreshes the grid.
  const overview = useApiQuery('actors.directory', { fields: ['key'], window: { offset: 0, limit: 1 }, longestNames: LONGEST_NAMES }, { staleTime: 10_000 })
  const views = useApiQuery('views.list', { scope: SCOPE })
  const deleteView = useApiMutation('views.delete', { successMessage: 'Vue supprimée.' })
  const createOrganisation = useApiMutation('actors.createOrganisation', { silentErrors: true })
  const createPerson = useApiMutation('actors.createPerson', { silentErrors: true })

  const gridApi = useRef<GridApi<Row> | null>(null)
  const gridBox = useRef<HTMLDivElement>(null)
  const [quickFilter, setQuickFilter] = useState('')
  const [picks, setPicks] = useState<PickFilters>(NO_PICKS)
  // The rows the filters keep (null until the server said), and the whole directory.
  const [matched, setMatched] = useState<number | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  const [currentView, setCurrentView] = useState<string | null>(null)
  const [creating, setCreating] = useState<ActorKind | null>(null)
  // The name offered when saving the view (the dialog is open while it is not null).
  const [naming, setNaming] = useState<string | null>(null)
  const [tagging, setTagging] = useState(false)
  const [changingStatus, setChangingStatus] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [selectingAll, setSelectingAll] = useState(false)
  const roads = useImportRoads()

  const columns = useMemo(() => columnDefs(reference.lookups, read), [reference.lookups])

  // What the grid asks the server for, read when a block of rows is fetched: the pick-lists, the
  // text filter, the columns' filters and the sort (the export and « select all » take the same).
  const asked = useRef({ fields, picks, quick: '' })
  asked.current.fields = fields
  const queryOf = useCallback((api: GridApi<Row>) => {
    const sort = sortOf(api.getColumnState())
    const quickFields = api
      .getAllDisplayedColumns()
      .map((column) => column.getColId())
      .filter((id): id is DirectoryField => DIRECTORY_FIELDS.includes(id as DirectoryField))
    const filter: DirectoryFilter = { picks: asked.current.picks, quick: asked.current.quick, quickFields, columns: api.getFilterModel() as DirectoryFilter['columns'] }
    return { filter, sort }
  }, [])

  // The selection: keys, whether their rows are loaded or not (« select all » takes every row the filters keep).
  const selection = useRef(new Set<string>())
  const [selectedCount, setSelectedCount] = useState(0)
  const showSelection = useCallback(() => {
    const api = gridApi.current
    if (!api || api.isDestroyed()) return
    api.forEachNode((node) => {
      const wanted = node.data ? selection.current.has(String(read(node.data, 'key'))) : false
      if (node.data && node.isSelected() !== wanted) node.setSelected(wanted, false, 'api')
    })
    setSelectedCount(selection.current.size)
  }, [])
  const onRowSelected = (event: RowSelectedEvent<Row>) => {
    if (event.source === 'api' || !event.data) return
    const key = String(read(event.data, 'key'))
    if (event.node.isSelected()) selection.current.add(key)
    else selection.current.delete(key)
    setSelectedCount(selection.current.size)
  }
  const selectAll = async () => {
    const api = gridApi.current
    if (!api) return
    setSelectingAll(true)
    try {
      const { filter, sort } = queryOf(api)
      const page = await call('actors.directory', { fields: ['key'], filter, sort })
      selection.current = new Set(page.rows.map((row) => String(row[0])))
      showSelection()
    } catch (error) {
      notifications.show({ color: 'red', title: 'Sélection impossible', message: errorMessage(error) })
    } finally {
      setSelectingAll(false)
    }
  }
  const deselectAll = () => {
    selection.current = new Set()
    showSelection()
  }

  // The first block is asked for at once, with the remembered sort, while the grid is being built
  // (it takes it if nothing changed meanwhile).
  const firstBlock = useRef<{ asked: string; page: Promise<ApiResult<'actors.directory'>> } | null | undefined>(undefined)
  if (firstBlock.current === undefined) {
    const sort = sortOf(layout?.columns ?? [])
    const page = call('actors.directory', { fields, filter: {}, sort, window: { offset: 0, limit: BLOCK_ROWS } })
    // Its failure shows when the grid asks for it.
    page.catch(() => undefined)
    firstBlock.current = { asked: JSON.stringify([fields, sort]), page }
  }

  // Each change of the filters starts a new count: an answer to an earlier one is not shown.
  const generation = useRef(0)
  const recount = useCallback(() => {
    generation.current++
    setMatched(null)
  }, [])
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params) => {
        const api = gridApi.current ?? params.api
        // Gone meanwhile (an empty directory shows its ways to fill it instead).
        if (api.isDestroyed()) return
        const { filter, sort } = queryOf(api)
        const asOf = generation.current
        const rows = { offset: params.startRow, limit: params.endRow - params.startRow }
        const early = firstBlock.current
        firstBlock.current = null
        const unfiltered = !hasPicks(filter.picks ?? NO_PICKS) && !filter.quick && Object.keys(filter.columns ?? {}).length === 0
        const reuse = early && unfiltered && rows.offset === 0 && rows.limit === BLOCK_ROWS && JSON.stringify([asked.current.fields, sort]) === early.asked
        const answer = reuse ? early.page : call('actors.directory', { fields: asked.current.fields, filter, sort, window: rows })
        answer
          .then((page) => {
            params.successCallback(page.rows.map(rowOf(page.fields)), page.matched)
            if (asOf === generation.current) setMatched(page.matched ?? null)
            setTotal(page.total)
            window.setTimeout(showSelection)
          })
          .catch((error: unknown) => {
            params.failCallback()
            notifications.show({ color: 'red', title: "L'annuaire n'a pas pu être lu", message: errorMessage(error) })
          })
      },
    }),
    [queryOf, showSelection],
  )

  // The pick-lists and the text filter (once typing pauses): the rows are asked again from the first.
  useEffect(() => {
    if (asked.current.picks === picks) return
    asked.current.picks = picks
    recount()
    gridApi.current?.purgeInfiniteCache()
  }, [picks, recount])
  const typed = useRef(false)
  const changeQuickFilter = (text: string) => {
    setQuickFilter(text)
    typed.current = true
    recount()
  }
  useEffect(() => {
    if (!typed.current) return
    const timer = window.setTimeout(() => {
      typed.current = false
      asked.current.quick = quickFilter.trim()
      gridApi.current?.purgeInfiniteCache()
    }, QUICK_FILTER_PAUSE)
    return () => window.clearTimeout(timer)
  }, [quickFilter])
  // A column shown brings its field; any change of the data (after a write here or elsewhere)
  // refreshes the rows in place.
  const firstFields = useRef(fields)
  useEffect(() => {
    if (fields !== firstFields.current) gridApi.current?.refreshInfiniteCache()
  }, [fields])
  const seenOverview = useRef(0)
  useEffect(() => {
    if (!overview.dataUpdatedAt) return
    if (seenOverview.current) gridApi.current?.refreshInfiniteCache()
    seenOverview.current = overview.dataUpdatedAt
  }, [overview.dataUpdatedAt])

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

  // The name column as wide as the directory's longest names need, as far as the screen allows.
  const wantedName = useMemo(() => {
    const names = overview.data?.longestNames
    if (!names) return 0
    const font = `${GRID_FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`
    return namesWidth(names, font) + 2 * CELL_PADDING + 4
  }, [overview.data?.longestNames])
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
      event.api.setGridOption('datasource', datasource)
    },
    [layout, datasource],
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
      changeQuickFilter('')
      setPicks(NO_PICKS)
      syncShown()
      return
    }
    const state = view.state as ViewState
    api.applyColumnState({ state: state.columnState as never, applyOrder: true })
    const model = { ...((state.filterModel ?? {}) as Record<string, unknown>) }
    for (const column of PICKED_COLUMNS) delete model[column]
    api.setFilterModel(model as never)
    changeQuickFilter(state.quickFilter ?? '')
    setPicks(state.picks ? picksOf(state.picks) : NO_PICKS)
    syncShown()
  }

  const currentState = (): ViewState | null => {
    const api = gridApi.current
    return api ? { columnState: api.getColumnState(), filterModel: api.getFilterModel(), quickFilter, picks } : null
  }

  /** The selected actors, or (without keys) exactly the rows the grid shows, in its order. */
  const exportRows = async (keys?: string[]) => {
    const api = gridApi.current
    if (!api) return
    // The columns as the grid shows them, in its order.
    const visible = api.getAllDisplayedColumns().map((column) => column.getColId()).filter((id) => id !== 'ag-Grid-SelectionColumn')
    setExporting(true)
    try {
      const result = await call('actors.export', { ...(keys ? { keys } : queryOf(api)), columns: visible as DirectoryField[] })
      await saveFile(result.fileId, result.name)
      notifications.show({ color: 'teal', message: `${formatInteger(result.rows)} lignes exportées.` })
    } catch (error) {
      notifications.show({ color: 'red', title: 'Export impossible', message: errorMessage(error) })
    } finally {
      setExporting(false)
    }
  }

  const exportView = () => {
    if (matched === 0) {
      notifications.show({ color: 'yellow', message: 'Aucune ligne à exporter : la vue est vide.' })
      return
    }
    void exportRows()
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
          <Button size="sm" variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={exporting} onClick={exportView} disabled={matched === null}>
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
            changeQuickFilter(event.currentTarget.value)
            setCurrentView(null)
          }}
          w={180}
        />
      </PickFilterBar>

      {selectedCount > 0 && (
        <Group gap="xs" className="no-print" aria-label="Actions sur la sélection">
          <Badge size="lg" variant="light">
            {plural(selectedCount, 'sélectionné')}
          </Badge>
          <Button size="xs" variant="light" onClick={() => setTagging(true)}>
            Étiqueter…
          </Button>
          <Button size="xs" variant="light" onClick={() => setChangingStatus(true)}>
            Changer le statut…
          </Button>
          <Button size="xs" variant="light" loading={exporting} onClick={() => void exportRows([...selection.current])}>
            Exporter la sélection
          </Button>
          <Button size="xs" variant="subtle" onClick={deselectAll}>
            Tout désélectionner
          </Button>
        </Group>
      )}

      {/* The grid is built while the directory's size is asked (an empty one shows the ways to fill it). */}
      {overview.error ? (
        <QueryState query={overview}>{() => null}</QueryState>
      ) : overview.data?.total === 0 ? (
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
                  rowModelType="infinite"
                  cacheBlockSize={BLOCK_ROWS}
                  maxBlocksInCache={KEPT_BLOCKS}
                  blockLoadDebounceMillis={BLOCK_PAUSE}
                  columnDefs={columns}
                  localeText={AG_GRID_LOCALE_FR}
                  getRowId={(params) => String(read(params.data, 'key'))}
                  // « Tout sélectionner » (under the grid) takes every row the filters keep, loaded or not.
                  rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }}
                  onRowSelected={onRowSelected}
                  onFilterChanged={recount}
                  onGridReady={onGridReady}
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
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="xs" c="dimmed" data-testid="directory-count">
                  {matched === null ? "Chargement de l'annuaire…" : `${formatInteger(matched)} sur ${formatInteger(total ?? overview.data?.total)} acteurs affichés`}
                </Text>
                <Button size="compact-xs" variant="subtle" className="no-print" loading={selectingAll} disabled={!matched} onClick={() => void selectAll()}>
                  {matched ? `Tout sélectionner (${formatInteger(matched)})` : 'Tout sélectionner'}
                </Button>
              </Group>
            </Stack>
      )}

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
      {tagging && <BulkTagModal keys={[...selection.current]} onClose={() => setTagging(false)} />}
      {changingStatus && <BulkStatusModal keys={[...selection.current]} onClose={() => setChangingStatus(false)} />}
    </Stack>
  )
}
