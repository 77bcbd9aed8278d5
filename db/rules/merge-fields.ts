// The fields of a record that a merge can take from either side.
export const MERGEABLE_FIELDS = {
  organisation: ['name', 'profileCode', 'townCode', 'outsideTown', 'siret', 'siren', 'rna', 'uai', 'email', 'phone', 'website', 'address', 'postalCode', 'nafCode', 'workforceBand', 'status', 'joinedOn', 'notes'],
  person: ['firstName', 'lastName', 'profileCode', 'townCode', 'outsideTown', 'email', 'phone', 'jobTitle', 'status', 'joinedOn', 'notes'],
} as const
