import fs from 'node:fs'
import { fieldLabel } from '../../db/rules/field-labels'
import type { SubjectExport } from '../../db/sqlite/person-export'
import type { ProcessingActivity, RetentionRules } from '../../db/privacy/register'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec, type SheetSpec } from '../files/table-output'

// Personal data as files: the processing register (xlsx), and everything held about one person
// (xlsx, one sheet per table, or JSON).

export async function writeRegisterWorkbook(file: string, activities: ProcessingActivity[], rules: RetentionRules): Promise<void> {
  const rows = activities.flatMap((activity) =>
    activity.categories.map((category, index) => ({
      name: index === 0 ? activity.name : '',
      purpose: index === 0 ? activity.purpose : '',
      legalBasis: index === 0 ? activity.legalBasis : '',
      dataSubjects: index === 0 ? activity.dataSubjects : '',
      category: category.category,
      retention: category.retention,
      recipients: index === 0 ? activity.recipients : '',
      safeguards: index === 0 ? activity.safeguards : '',
    })),
  )
  const columns: ColumnSpec[] = [
    { header: 'Traitement', key: 'name', type: 'text', width: 40 },
    { header: 'Finalité', key: 'purpose', type: 'text', width: 60 },
    { header: 'Base légale', key: 'legalBasis', type: 'text', width: 50 },
    { header: 'Personnes concernées', key: 'dataSubjects', type: 'text', width: 40 },
    { header: 'Catégorie de données', key: 'category', type: 'text', width: 50 },
    { header: 'Durée de conservation', key: 'retention', type: 'text', width: 60 },
    { header: 'Destinataires', key: 'recipients', type: 'text', width: 40 },
    { header: 'Mesures de sécurité', key: 'safeguards', type: 'text', width: 50 },
  ]
  await writeTableWorkbook(file, [
    {
      name: 'Registre des traitements',
      title: `Registre des traitements — Vitawin Back-office (élèves : ${rules.pupilGraceMonths} mois après l’année scolaire ; contacts : ${rules.contactInactiveYears} ans sans activité)`,
      columns,
      rows,
    },
  ])
}

function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'object') return JSON.stringify(value)
  return value
}

export async function writeSubjectWorkbook(file: string, data: SubjectExport): Promise<void> {
  const summary: SheetSpec = {
    name: 'Résumé',
    title: `Données détenues sur ${data.subject.name} (${data.subject.kind} ${data.subject.key}) — extraites le ${data.generatedAt.slice(0, 10).split('-').reverse().join('/')}`,
    columns: [
      { header: 'Table', key: 'label', type: 'text', width: 36 },
      { header: 'Lien', key: 'via', type: 'text', width: 24 },
      { header: 'Lignes', key: 'rows', type: 'integer', width: 10 },
    ],
    rows: [
      ...data.sections.map((section) => ({ label: section.label, via: section.via ? fieldLabel(section.via) : 'la fiche elle-même', rows: section.rows.length })),
      { label: 'Mentions ailleurs', via: 'nom complet, courriel ou téléphone dans un texte', rows: data.mentions.length },
      { label: 'Historique des modifications', via: 'journal des modifications', rows: data.history.length },
    ],
  }
  const sheets: SheetSpec[] = [summary]
  for (const section of data.sections) {
    const keys = [...new Set(section.rows.flatMap((row) => Object.keys(row)))]
    sheets.push({
      name: section.label,
      columns: keys.map((key) => ({ header: fieldLabel(key) === key.replaceAll('_', ' ') ? key : `${fieldLabel(key)} (${key})`, key, type: 'text' as const })),
      rows: section.rows.map((row) => Object.fromEntries(keys.map((key) => [key, cell(row[key])]))),
    })
  }
  if (data.mentions.length > 0) {
    sheets.push({
      name: 'Mentions',
      columns: [
        { header: 'Table', key: 'tableLabel', type: 'text', width: 28 },
        { header: 'Ligne', key: 'rowId', type: 'integer', width: 10 },
        { header: 'Champ', key: 'column', type: 'text', width: 20 },
        { header: 'Extrait', key: 'excerpt', type: 'text', width: 80 },
      ],
      rows: data.mentions.map((mention) => ({ ...mention })),
    })
  }
  sheets.push({
    name: 'Historique',
    columns: [
      { header: 'Date', key: 'at', type: 'text', width: 22 },
      { header: 'Animateur', key: 'animator', type: 'text', width: 22 },
      { header: 'Opération', key: 'operationLabel', type: 'text', width: 40 },
      { header: 'Action', key: 'actionLabel', type: 'text', width: 14 },
      { header: 'Fiche', key: 'record', type: 'text', width: 36 },
      { header: 'Champs', key: 'changes', type: 'text', width: 80 },
    ],
    rows: data.history.map((entry) => ({
      ...entry,
      changes: entry.changes
        .map((change) => `${change.label} : ${change.before !== undefined ? `${JSON.stringify(change.before)} → ` : ''}${JSON.stringify(change.after ?? null)}`)
        .join(' ; '),
    })),
  })
  await writeTableWorkbook(file, sheets)
}

export async function writeSubjectJson(file: string, data: SubjectExport): Promise<void> {
  await fs.promises.writeFile(file, `${JSON.stringify(data, null, 2)}\n`)
}
