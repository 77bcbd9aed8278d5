// The key figures the dashboard shows first and follows over the years.
export const KEY_INDICATORS = ['eleves_touches', 'acteurs_engages', 'entreprises_engagees', 'communes_couvertes', 'stages_trouves', 'mentors', 'seances_realisees', 'nouveaux_vitawiners']

/** The key, in the dashboard's months of programme activity, of the sessions still planned (a programme's code has no accent). */
export const PLANNED_KEY = 'planifiées'
