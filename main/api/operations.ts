import type { BackupReason } from '../../db/sqlite/backups'
import type { FileRegistry } from './files'

// How the host treats each call that writes: its label in the audit trail, and whether a backup
// is taken before it (imports and merges, whatever domain adds them later).

const LABELS: Record<string, string> = {
  'settings.setAnimator': 'Choix de l’animateur',
  'layouts.save': 'Disposition des colonnes retenue sur ce poste',
  'database.open': 'Changement de base (vos données ou la démonstration)',
  'database.deleteDemo': 'Suppression de la démonstration',
  'actors.createOrganisation': 'Création d’une organisation',
  'actors.updateOrganisation': 'Modification d’une organisation',
  'actors.createPerson': 'Création d’une personne',
  'actors.updatePerson': 'Modification d’une personne',
  'actors.delete': 'Suppression d’un acteur',
  'actors.bulkTag': 'Étiquetage en série',
  'actors.bulkStatus': 'Changement de statut en série',
  'journal.add': 'Nouvel échange dans le journal',
  'journal.update': 'Modification d’un échange',
  'journal.complete': 'Relance marquée faite',
  'journal.reopen': 'Relance rouverte (annulation de « Fait »)',
  'journal.delete': 'Suppression d’un échange',
  'offers.save': 'Offre d’engagement enregistrée',
  'offers.delete': 'Suppression d’une offre d’engagement',
  'requests.save': 'Demande enregistrée',
  'requests.delete': 'Suppression d’une demande',
  'affiliations.save': 'Rattachement enregistré',
  'affiliations.delete': 'Suppression d’un rattachement',
  'duplicates.dismiss': 'Doublon écarté',
  'views.save': 'Vue enregistrée',
  'views.delete': 'Suppression d’une vue',
  'actors.import.sirene': 'Import SIRENE',
  'actors.import.undo': 'Annulation d’un import',
  'privacy.retention.set': 'Durées de conservation modifiées',
  'privacy.purge.run': 'Purge selon les durées de conservation',
  'privacy.person.erase': 'Effacement d’une personne (demande RGPD)',
}

function fileName(files: FileRegistry, args: unknown): string | null {
  const id = (args as { fileId?: unknown } | null)?.fileId
  if (typeof id !== 'string') return null
  try {
    return files.resolve(id).name
  } catch {
    return null
  }
}

/** The French label of an operation, from the call's name and arguments. */
export function operationLabel(name: string, args: unknown, files: FileRegistry): string {
  const file = fileName(files, args)
  const input = (args ?? {}) as Record<string, unknown>
  if (name === 'actors.import.commit') {
    const what = input.target === 'people' ? 'de personnes' : input.target === 'contacts' ? 'd’organisations et de contacts' : 'd’organisations'
    return `Import ${what}${file ? ` depuis « ${file} »` : ''}`
  }
  if (name === 'actors.import.sirene') return `Import SIRENE${file ? ` depuis « ${file} »` : ''}`
  if (name === 'duplicates.merge') {
    const kind = input.kind === 'person' ? 'personnes' : 'organisations'
    return `Fusion de doublons (${kind}) : fiche n° ${String(input.removeId)} fusionnée dans la fiche n° ${String(input.keepId)}`
  }
  if (LABELS[name]) return LABELS[name]
  if (/\.import(\.|$)/.test(name)) return `Import${file ? ` depuis « ${file} »` : ''} (${name})`
  return `Modification (${name})`
}

/** The backup a call needs before it runs, or null. */
export function backupBefore(name: string): Extract<BackupReason, 'avant-import' | 'avant-fusion'> | null {
  if (/\.merge$/.test(name)) return 'avant-fusion'
  if (/\.import(\.|$)/.test(name) && !/\.(preview|inspect|mappings)$/.test(name)) return 'avant-import'
  return null
}
