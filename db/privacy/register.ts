import { z } from 'zod'
import { getSetting, setSetting } from '../settings'
import type { Db } from '../schema'
import { plural } from '../rules/format'

// The processing register (registre des traitements, GDPR article 30) of the app, and the
// retention periods that the purge applies. The periods are settings of the database (the same
// rules wherever the file is opened); the register shows them as they are set.

const GRACE = 'Élèves nommés : un nombre entier de mois, de 0 à 60, est attendu'
const INACTIVE = 'Contacts : un nombre entier d’années, de 1 à 20, est attendu'
export const retentionSchema = z.object({
  /** Named pupils are anonymised this many months after the end of their school year (31 August). */
  pupilGraceMonths: z.number({ error: GRACE }).int(GRACE).min(0, GRACE).max(60, GRACE),
  /** Contacts (people) with no activity for this many years are anonymised (or deleted when nothing counts them). */
  contactInactiveYears: z.number({ error: INACTIVE }).int(INACTIVE).min(1, INACTIVE).max(20, INACTIVE),
})

export type RetentionRules = z.infer<typeof retentionSchema>

export const DEFAULT_RETENTION: RetentionRules = { pupilGraceMonths: 12, contactInactiveYears: 3 }

const RETENTION_KEY = 'privacy.retention'

export async function getRetention(db: Db): Promise<RetentionRules> {
  const stored = await getSetting<unknown>(db, RETENTION_KEY, null)
  const parsed = retentionSchema.safeParse(stored)
  return parsed.success ? parsed.data : DEFAULT_RETENTION
}

export async function setRetention(db: Db, rules: RetentionRules): Promise<void> {
  await setSetting(db, RETENTION_KEY, retentionSchema.parse(rules))
}

export interface ProcessingActivity {
  id: string
  name: string
  purpose: string
  legalBasis: string
  dataSubjects: string
  categories: { category: string; retention: string }[]
  recipients: string
  safeguards: string
}

function months(count: number): string {
  return count === 0 ? 'dès la fin de l’année scolaire' : `${count} mois après la fin de l’année scolaire (31 août)`
}

/** The register, with the retention periods as currently set. */
export function processingRegister(rules: RetentionRules): ProcessingActivity[] {
  const contacts = `${plural(rules.contactInactiveYears, 'an')} après le dernier échange ou la dernière participation, puis anonymisation (ou suppression si la fiche n’est comptée nulle part)`
  return [
    {
      id: 'annuaire',
      name: 'Annuaire des acteurs du réseau et journal des échanges',
      purpose:
        'Animer le réseau école–entreprise–association : connaître les organisations et leurs contacts, suivre les échanges, les offres d’engagement et les demandes des établissements.',
      legalBasis: 'Intérêt légitime du réseau (art. 6.1.f du RGPD) ; mission d’intérêt public de l’EPT pour les données des collectivités.',
      dataSubjects: 'Contacts des entreprises, associations, établissements scolaires et institutions ; parents d’élèves engagés.',
      categories: [
        { category: 'Identité (nom, prénom) et fonction', retention: contacts },
        { category: 'Coordonnées professionnelles (courriel, téléphone, commune)', retention: contacts },
        { category: 'Échanges, relances et notes des animateurs', retention: contacts },
        { category: 'Organisations (raison sociale, SIRET, adresse)', retention: 'Tant que l’organisation existe ; les établissements fermés restent pour l’historique des actions.' },
      ],
      recipients: 'Les deux animateurs du réseau. Les exports COPIL et financeurs ne contiennent que des organisations et des effectifs.',
      safeguards: 'Fichier local sur le poste des animateurs, sauvegardes vérifiées, journal des modifications, effacement sur demande.',
    },
    {
      id: 'eleves',
      name: 'Élèves nommés des programmes (stages, alternance, mentorat)',
      purpose: 'Organiser les stages et le mentorat qui exigent de connaître l’élève ; partout ailleurs les élèves sont seulement comptés.',
      legalBasis: 'Consentement des représentants légaux pour les mineurs (art. 6.1.a et 8 du RGPD), consentement de l’élève majeur.',
      dataSubjects: 'Élèves (mineurs pour la plupart) des établissements partenaires.',
      categories: [
        { category: 'Identité de l’élève (nom, prénom), établissement, niveau, année scolaire', retention: months(rules.pupilGraceMonths) },
        { category: 'Consentement parental (qui l’a donné, quand, pour quel usage, validité)', retention: `Jusqu’à l’échéance du consentement, au plus ${months(rules.pupilGraceMonths)}` },
        { category: 'Stages et binômes de mentorat de l’élève', retention: `${months(rules.pupilGraceMonths)} ; ensuite conservés sans le nom, pour les statistiques` },
      ],
      recipients: 'Les animateurs ; le tuteur ou le mentor pour ce qui le concerne.',
      safeguards: 'Un mineur ne peut être nommé sans consentement enregistré (la base le refuse) ; anonymisation automatique proposée à l’échéance.',
    },
    {
      id: 'gouvernance',
      name: 'Instances : groupes de travail et COPIL',
      purpose: 'Préparer et tenir les réunions, suivre les décisions et les pistes d’actions.',
      legalBasis: 'Intérêt légitime du réseau (art. 6.1.f).',
      dataSubjects: 'Membres des groupes de travail et du COPIL, invités.',
      categories: [
        { category: 'Identité, organisation représentée, présence aux réunions', retention: contacts },
        { category: 'Comptes rendus et décisions', retention: 'Durée de vie du réseau (archives des instances).' },
      ],
      recipients: 'Les animateurs, les membres du COPIL (dossier de séance).',
      safeguards: 'Les noms des invités sont effacés avec la personne ; les décisions restent sans elle.',
    },
    {
      id: 'journal',
      name: 'Journal des modifications et sauvegardes',
      purpose: 'Sécurité des données : savoir qui a modifié quoi et quand, pouvoir revenir en arrière.',
      legalBasis: 'Obligation de sécurité (art. 32 du RGPD) et intérêt légitime.',
      dataSubjects: 'Les animateurs (auteurs des modifications) ; les personnes dont les fiches sont modifiées.',
      categories: [
        { category: 'Auteur, date, fiche, champs, valeurs avant et après', retention: 'Comme la fiche concernée : les valeurs sont effacées avec la personne.' },
        { category: 'Sauvegardes de la base', retention: '7 quotidiennes, 4 hebdomadaires, 12 mensuelles au plus (rotation automatique).' },
      ],
      recipients: 'Les animateurs.',
      safeguards: 'Copies vérifiées après écriture ; dossier des sauvegardes au choix (disque externe, partage réseau).',
    },
  ]
}
