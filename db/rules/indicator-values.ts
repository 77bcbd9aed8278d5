import { valueList, type CodeOf } from './value-list'

// The impact indicators' lists of values.

/** The period an indicator is counted over. */
export const INDICATOR_PERIOD_KIND = valueList({ school_year: 'Année scolaire', calendar_year: 'Année civile' })
export type IndicatorPeriodKind = CodeOf<typeof INDICATOR_PERIOD_KIND>

/** Where an indicator's value comes from. */
export const INDICATOR_SOURCE = valueList({ computed: 'Calculé à partir des données', manual: 'Saisie manuelle' })
export type IndicatorSource = CodeOf<typeof INDICATOR_SOURCE>
