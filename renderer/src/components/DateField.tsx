import { DateInput, type DateInputProps } from '@mantine/dates'
import { parseFrenchDate } from '../../../db/rules/dates'

/** A date field in French: shows dd/mm/yyyy, accepts typed 23/11/2026, stores 'YYYY-MM-DD'. */
export function DateField(props: Omit<DateInputProps, 'valueFormat' | 'dateParser' | 'onChange' | 'value'> & {
  value: string | null | undefined
  onChange: (value: string | null) => void
}) {
  const { value, onChange, ...rest } = props
  return (
    <DateInput
      {...rest}
      value={value ?? null}
      onChange={(next) => onChange(next ? String(next).slice(0, 10) : null)}
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
