import { valueList, type CodeOf } from './value-list'

// The impact indicators' lists of values.

/** The period an indicator is counted over. */
export const INDICATOR_PERIOD_KIND = valueList({ school_year: 'Année scolaire', calendar_year: 'Année civile' })
export type IndicatorPeriodKind = CodeOf<typeof INDICATOR_PERIOD_KIND>

/** Where an indicator's value comes from. */
export const INDICATOR_SOURCE = valueList({ computed: 'Calculé à partir des données', manual: 'Saisie manuelle' })
export type IndicatorSource = CodeOf<typeof INDICATOR_SOURCE>

/** The figure the territory map shades its towns by. */
export const TERRITORY_FIGURE = valueList({
  actors: 'Acteurs engagés',
  pupils: 'Élèves accompagnés',
  pupilsPerThousand: 'Élèves pour 1 000 hab.',
  vitawiners: 'Vitawiners',
  organisations: "Organisations de l'annuaire",
})
export type TerritoryFigure = CodeOf<typeof TERRITORY_FIGURE>
