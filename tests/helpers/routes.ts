/**
 * Every route of the app's router (renderer/src/app/App.tsx and ProgrammesRoutes.tsx), with a
 * record of the demo dataset where it takes one; `one` reads one value from its database.
 */
export function everyRoute(one: (sql: string) => number | string): string[] {
  return [
    '/',
    '/acteurs',
    '/acteurs/relances',
    '/acteurs/doublons',
    '/acteurs/import',
    `/acteurs/o${one("select id from organisations where profile_code = 'entreprise' order by id limit 1")}`,
    `/acteurs/p${one('select person_id from affiliations order by id limit 1')}`,
    '/groupes',
    `/groupes/${one('select id from working_groups order by id limit 1')}`,
    '/copil',
    '/copil/decisions',
    '/copil/membres',
    `/copil/seances/${one('select id from copil_sessions order by id desc limit 1')}`,
    '/programmes',
    '/programmes/calendrier',
    '/programmes/stages',
    '/programmes/mentorat',
    '/programmes/demandes',
    `/programmes/demandes/${one('select id from actor_requests order by id limit 1')}`,
    '/programmes/eleves',
    `/programmes/editions/${one('select id from editions order by id desc limit 1')}`,
    '/indicateurs',
    '/indicateurs/carte',
    '/indicateurs/rapport',
    `/indicateurs/communes/${one('select insee_code from towns order by insee_code limit 1')}`,
    '/parametres',
    '/page-inconnue',
  ]
}
