import type { Locator } from 'playwright-core'
import { expect } from 'vitest'
import type { AppUnderTest } from './browser'

// The directory screen (« Acteurs »: the grid, its pick-list filters, its sort) as the browser
// tests drive it, on whichever app `app()` gives (a local file or a team database).

export type SortDirection = 'ascending' | 'descending'

export function directoryScreen(app: () => AppUnderTest) {
  const page = () => app().page
  const grid = () => page().getByTestId('directory-grid')

  /** A pick-list filter above the grid (its name: its label, then what is picked). */
  const pickList = (label: string) => page().getByRole('button', { name: new RegExp(`^${label} `) })

  return {
    grid,
    pickList,

    async openDirectory(): Promise<void> {
      // Away and back: the screen afresh, as it opens (its filters reset).
      await app().open('/')
      await grid().waitFor({ state: 'detached' })
      await app().open('/acteurs')
      await grid().locator('.ag-row').first().waitFor()
      await page().getByTestId('directory-count').getByText(/acteurs affichés/).waitFor()
    },

    /** The rows the grid shows, once the server has counted them for the filters of the moment. */
    async displayed(): Promise<number> {
      const count = page().getByTestId('directory-count').getByText(/acteurs affichés/)
      await count.waitFor()
      return Number((await count.innerText()).split(' sur ')[0]!.replace(/\D/g, ''))
    },

    /** Picks values in a pick-list filter above the grid (the type: one value). */
    async pick(label: string, ...options: string[]): Promise<void> {
      await (label === 'Type' ? page().getByRole('combobox', { name: 'Type', exact: true }) : pickList(label)).click()
      for (const option of options) await page().getByRole('option', { name: option, exact: true }).click()
      await page().keyboard.press('Escape')
    },

    /** The texts of a column's cells among the rows in the page, in the grid's order. */
    async cells(colId: string): Promise<string[]> {
      const rows = await grid()
        .locator('.ag-grid-scrolling-container .ag-row')
        .evaluateAll(
          (nodes, id) => nodes.map((node) => [Number(node.getAttribute('row-index')), (node.querySelector(`[col-id="${id}"]`) as HTMLElement | null)?.innerText ?? ''] as const),
          colId,
        )
      return [...rows].sort((a, b) => a[0] - b[0]).map((row) => row[1])
    },

    async headers(): Promise<string[]> {
      const texts = await grid().locator('.ag-header-row-column .ag-header-cell:not([col-id="ag-Grid-SelectionColumn"]) .ag-header-cell-text').allInnerTexts()
      return texts.map((text) => text.trim())
    },

    /** Sorts the grid on a column by clicking its header (each click: ascending, descending, none, and again). */
    async sortBy(colId: string, direction: SortDirection): Promise<void> {
      const header = grid().locator(`.ag-header-cell[col-id="${colId}"]`)
      const cycle = ['none', 'ascending', 'descending']
      const from = Math.max(0, cycle.indexOf((await header.getAttribute('aria-sort')) ?? 'none'))
      const clicks = (cycle.indexOf(direction) - from + cycle.length) % cycle.length
      for (let click = 0; click < clicks; click++) await header.locator('.ag-header-cell-label').click()
      await expect.poll(() => header.getAttribute('aria-sort')).toBe(direction)
    },

    async clearFilters(): Promise<void> {
      const clear = page().getByRole('button', { name: 'Effacer les filtres' })
      if (await clear.isVisible()) await clear.click()
    },
  }
}

export function hasHorizontalScroll(locator: Locator): Promise<boolean> {
  return locator.locator('.ag-grid-viewport').evaluate((viewport) => viewport.scrollWidth > viewport.clientWidth + 1)
}
