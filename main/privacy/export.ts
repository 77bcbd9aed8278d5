import fs from 'node:fs'
import { changeLine, formatStoredValue, type NameOf } from '../../db/rules/change-format'
import { fieldLabel } from '../../db/rules/field-labels'
import { formatDateTime } from '../../db/rules/format'
import type { SubjectExport } from '../../db/privacy/person-export'
import type { ProcessingActivity, RetentionRules } from '../../db/privacy/register'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec, type SheetSpec, tableColumns } from '../files/table-output'

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
  const columns: ColumnSpec[] = tableColumns(
    ['Traitement', 'name', 'text', 40],
    ['Finalité', 'purpose', 'text', 60],
    ['Base légale', 'legalBasis', 'text', 50],
    ['Personnes concernées', 'dataSubjects', 'text', 40],
    ['Catégorie de données', 'category', 'text', 50],
    ['Durée de conservation', 'retention', 'text', 60],
    ['Destinataires', 'recipients', 'text', 40],
    ['Mesures de sécurité', 'safeguards', 'text', 50],
  )
  await writeTableWorkbook(file, [
    {
      name: 'Registre des traitements',
      title: `Registre des traitements — Vitawin Back-office (élèves : ${rules.pupilGraceMonths} mois après l’année scolaire ; contacts : ${rules.contactInactiveYears} ans sans activité)`,
      columns,
      rows,
    },
  ])
}

/** Everything held about one person, in French: labels for the columns, French formats and names for the values (`name` reads the database). */
export async function writeSubjectWorkbook(file: string, data: SubjectExport, name: NameOf): Promise<void> {
  const summary: SheetSpec = {
    name: 'Résumé',
    title: `Données détenues sur ${data.subject.name} (${data.subject.kind} ${data.subject.key}) — extraites le ${data.generatedAt.slice(0, 10).split('-').reverse().join('/')}`,
    columns: tableColumns(
      ['Table', 'label', 'text', 36],
      ['Lien', 'via', 'text', 24],
      ['Lignes', 'rows', 'integer', 10],
    ),
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
      columns: keys.map((key) => ({ header: fieldLabel(key), key, type: 'text' as const })),
      rows: section.rows.map((row) => Object.fromEntries(keys.map((key) => [key, formatStoredValue(section.table, key, row[key], name, true)]))),
    })
  }
  if (data.mentions.length > 0) {
    sheets.push({
      name: 'Mentions',
      columns: tableColumns(
        ['Table', 'tableLabel', 'text', 28],
        ['Ligne', 'rowId', 'integer', 10],
        ['Champ', 'column', 'text', 20],
        ['Extrait', 'excerpt', 'text', 80],
      ),
      rows: data.mentions.map((mention) => ({ ...mention, column: fieldLabel(mention.column) })),
    })
  }
  sheets.push({
    name: 'Historique',
    columns: tableColumns(
      ['Date', 'at', 'text', 22],
      ['Animateur', 'animator', 'text', 22],
      ['Opération', 'operationLabel', 'text', 40],
      ['Action', 'actionLabel', 'text', 14],
      ['Fiche', 'record', 'text', 36],
      ['Champs', 'changes', 'text', 80],
    ),
    rows: data.history.map((entry) => ({ ...entry, at: formatDateTime(entry.at), changes: entry.changes.map(changeLine).join(' ; ') })),
  })
  await writeTableWorkbook(file, sheets)
}

export async function writeSubjectJson(file: string, data: SubjectExport): Promise<void> {
  await fs.promises.writeFile(file, `${JSON.stringify(data, null, 2)}\n`)
}
