import type { GridApi } from 'ag-grid-community'
import type { Row } from './columns'

// The name column takes the width its longest names need, up to two fifths of the grid and as far
// as the other columns' minimum widths leave room; the others share what remains (flex). So names
// are whole on a wide screen, and a narrower one shrinks the name column before anything scrolls
// sideways.

const NAME_SHARE = 0.4

let canvas: HTMLCanvasElement | null = null

/** The width (px) the longest of these names needs in the given CSS font. */
export function namesWidth(names: readonly string[], font: string): number {
  if (names.length === 0) return 0
  canvas ??= document.createElement('canvas')
  const context = canvas.getContext('2d')
  if (!context) return 0
  context.font = font
  return Math.ceil(names.reduce((widest, name) => Math.max(widest, context.measureText(name).width), 0))
}

/** Sets the name column's width for the grid's width now (`viewport`: the width its rows have). */
export function fitNameColumn(api: GridApi<Row>, viewport: number, wanted: number): void {
  const name = api.getColumn('name')
  if (!name || !name.isVisible() || viewport <= 0) return
  const others = api
    .getAllDisplayedColumns()
    .filter((column) => column !== name)
    .reduce((sum, column) => sum + (column.getFlex() ? column.getMinWidth() : column.getActualWidth()), 0)
  const least = name.getMinWidth()
  const width = Math.round(Math.max(least, Math.min(wanted, viewport * NAME_SHARE, viewport - others)))
  if (Math.abs(width - name.getActualWidth()) > 1) api.setColumnWidths([{ key: 'name', newWidth: width }], true, 'api')
}
