import type { Kysely } from 'kysely'

// Frozen in time. « Élèves accompagnés » now counts the pupils mentored during the year too: its
// definition, shown beside the figure and in the workbooks, says so.

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('indicators')
    .set({
      description:
        'Élèves des classes ayant participé à au moins une séance réalisée (chaque classe comptée une fois dans l’année, à son effectif le plus élevé), plus les élèves mentorés dans l’année dont aucune classe du même établissement et du même niveau n’est déjà comptée.',
    })
    .where('code', '=', 'eleves_touches')
    .execute()
}
