import type { Dispatch, SetStateAction } from 'react'

/** Changes and removes, by position, the rows of a list edited in a form (agenda items, guests, documents, classes). */
export function editableRows<Row>(setRows: Dispatch<SetStateAction<Row[]>>) {
  return {
    change: (index: number, change: Partial<Row>) => setRows((rows) => rows.map((row, position) => (position === index ? { ...row, ...change } : row))),
    remove: (index: number) => setRows((rows) => rows.filter((_, position) => position !== index)),
  }
}
