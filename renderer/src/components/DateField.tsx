import { DateInput, type DateInputProps } from '@mantine/dates'
import { useState } from 'react'
import { parseFrenchDate } from '../../../db/rules/dates'

/** Keys that move on or leave the field: they do not ask for the calendar. */
const PASSING_KEYS = new Set(['Tab', 'Shift', 'Escape', 'Enter', 'Control', 'Alt', 'Meta'])

/**
 * A date field in French: shows dd/mm/yyyy, accepts typed 23/11/2026, stores 'YYYY-MM-DD'.
 * Its calendar opens on a click, on typing or on ↓, never on the focus alone: a dialog opening on
 * it, Tab passing through it, or a refusal focusing it would otherwise cover its label and error
 * (and the fields below) with a calendar nobody asked for.
 */
export function DateField(props: Omit<DateInputProps, 'valueFormat' | 'dateParser' | 'onChange' | 'value'> & {
  value: string | null | undefined
  onChange: (value: string | null) => void
}) {
  const { value, onChange, onFocus, onClick, onKeyDown, popoverProps, ...rest } = props
  // Focused without being asked for the calendar: Mantine's DateInput opens it on focus.
  const [focusedOnly, setFocusedOnly] = useState(false)
  return (
    <DateInput
      {...rest}
      value={value ?? null}
      onChange={(next) => onChange(next ? String(next).slice(0, 10) : null)}
      onFocus={(event) => {
        setFocusedOnly(true)
        onFocus?.(event)
      }}
      onClick={(event) => {
        setFocusedOnly(false)
        onClick?.(event)
      }}
      onKeyDown={(event) => {
        if (!PASSING_KEYS.has(event.key)) setFocusedOnly(false)
        onKeyDown?.(event)
      }}
      popoverProps={focusedOnly ? { ...popoverProps, opened: false } : popoverProps}
      valueFormat="DD/MM/YYYY"
      dateParser={(input) => parseFrenchDate(input)}
      placeholder={rest.placeholder ?? 'jj/mm/aaaa'}
      clearable
      clearButtonProps={{ 'aria-label': 'Effacer la date' }}
      ariaLabels={{
        previousMonth: 'Mois précédent',
        nextMonth: 'Mois suivant',
        previousYear: 'Année précédente',
        nextYear: 'Année suivante',
        previousDecade: 'Décennie précédente',
        nextDecade: 'Décennie suivante',
        monthLevelControl: 'Choisir le mois',
        yearLevelControl: 'Choisir l’année',
      }}
      locale="fr"
    />
  )
}
