import type { ColDef } from 'ag-grid-community'
import { DIRECTORY_COLUMNS, type DirectoryField } from '../../../../../db/rules/actor-columns'
import { ACTOR_KIND, ACTOR_SOURCE, ACTOR_STATUS, WORKFORCE_BAND } from '../../../../../db/rules/actor-values'
import { formatFrenchPhone, formatSirenOrSiret } from '../../../../../db/rules/identifiers'
import type { ReferenceLookups } from '../../../api/reference'
import { formatDate } from '../../../../../db/rules/format'

// The directory grid's columns, from the one list of DIRECTORY_COLUMNS. A row holds the fields
// loaded for it (the grid asks only for those its columns show); a column reads its field through
// `read`.

export type Value = string | number | null
export type Row = Partial<Record<DirectoryField, Value>>
export type ReadField = (row: Row | undefined, field: DirectoryField) => Value

export const read: ReadField = (row, field) => row?.[field] ?? null

/** The server's rows (arrays of the fields named) as the grid's rows. */
export function rowOf(fields: readonly DirectoryField[]): (values: Value[]) => Row {
  return (values) => {
    const row: Row = {}
    for (let at = 0; at < fields.length; at++) row[fields[at]!] = values[at] ?? null
    return row
  }
}

/** What every row carries whatever the columns: its key and what the pick-list filters look at. */
export const BASE_FIELDS: readonly DirectoryField[] = ['key', 'kind', 'name', 'profileCode', 'townCode', 'outsideTown', 'status']

/** The fields a column shows. */
export function fieldsOf(column: DirectoryField): DirectoryField[] {
  return column === 'townCode' ? ['townCode', 'outsideTown'] : [column]
}

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

/** The name of a town, or the town outside the territory as typed. */
export function townLabel(row: Row | undefined, read: ReadField, lookups: ReferenceLookups): string {
  const code = read(row, 'townCode')
  if (code) return lookups.towns.get(String(code)) ?? String(code)
  const outside = read(row, 'outsideTown')
  return outside ? `${outside} (hors territoire)` : ''
}

export function columnDefs(lookups: ReferenceLookups, read: ReadField): ColDef<Row>[] {
  return DIRECTORY_COLUMNS.map((column): ColDef<Row> => {
    const base: ColDef<Row> = {
      colId: column.id,
      headerName: column.header,
      // Initial values only: the user's choices (shown, width, order) stay when the definitions change.
      initialHide: !column.visible,
      minWidth: column.minWidth,
      ...(column.id === 'name' ? { initialWidth: column.width, lockVisible: true } : { initialFlex: column.width }),
      sortable: true,
      resizable: true,
    }
    const text = (value: string | number | null) => (value === null ? '' : String(value))
    switch (column.id) {
      // Filtered by the pick-lists above the grid, not by a text box.
      case 'kind':
        return { ...base, valueGetter: (p) => ACTOR_KIND.label(text(read(p.data, 'kind'))), filter: false }
      case 'profileCode':
        return { ...base, valueGetter: (p) => lookups.profiles.get(text(read(p.data, 'profileCode'))) ?? '', filter: false }
      case 'townCode':
        return { ...base, valueGetter: (p) => townLabel(p.data, read, lookups), filter: false }
      case 'status':
        return { ...base, valueGetter: (p) => ACTOR_STATUS.label(text(read(p.data, 'status'))), filter: false }
      case 'source':
        return { ...base, valueGetter: (p) => ACTOR_SOURCE.label(text(read(p.data, 'source'))), filter: 'agTextColumnFilter' }
      case 'workforceBand':
        return { ...base, valueGetter: (p) => WORKFORCE_BAND.label(text(read(p.data, 'workforceBand'))), filter: 'agTextColumnFilter' }
      case 'fields':
        return { ...base, valueGetter: (p) => labelList(read(p.data, 'fields'), lookups.fields), filter: 'agTextColumnFilter' }
      case 'offers':
        return { ...base, valueGetter: (p) => labelList(read(p.data, 'offers'), lookups.offerTypes), filter: 'agTextColumnFilter' }
      case 'siret':
      case 'siren':
        return { ...base, valueGetter: (p) => text(read(p.data, column.id)), valueFormatter: (p) => (p.value ? formatSirenOrSiret(String(p.value)) : ''), filter: 'agTextColumnFilter' }
      case 'phone':
        return { ...base, valueGetter: (p) => text(read(p.data, 'phone')), valueFormatter: (p) => (p.value ? formatFrenchPhone(String(p.value)) : ''), filter: 'agTextColumnFilter' }
      default:
        if (column.type === 'date') {
          return {
            ...base,
            valueGetter: (p) => read(p.data, column.id),
            valueFormatter: (p) => (p.value ? formatDate(String(p.value)) : ''),
            filter: 'agDateColumnFilter',
            filterParams: { comparator: isoDateComparator },
          }
        }
        return { ...base, valueGetter: (p) => text(read(p.data, column.id)), filter: 'agTextColumnFilter' }
    }
  })
}
