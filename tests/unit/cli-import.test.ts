import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../db/sqlite/connection'
import { convertWithLibreOffice } from '../helpers/libreoffice'
import { expectedAnnuaire, landed, writeAnnuaire } from '../helpers/import-fixtures'
import { tempDir } from '../helpers/temp'

// `import actors`, `import fields` and `import undo` as users run them: the bundled CLI, on the
// kind of file the team brings, with a machine folder of its own.

const CLI = path.resolve(__dirname, '../../out/main/cli.js')
const EMPTY = { organisations: [], people: [], affiliations: [], interactions: [], links: [], others: [] }

function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, VITAWIN_DB: '', VITAWIN_DATA_DIR: dataDir } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function landedIn(file: string) {
  const store = await openStore(file)
  try {
    return await landed(store)
  } finally {
    await store.close()
  }
}

describe('cli import', () => {
  it('prints the preview the screen shows, refuses what the import would refuse, then imports and undoes', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const db = path.join(folder, 'vitawin.sqlite')
    const file = await writeAnnuaire(path.join(folder, 'annuaire.xlsx'))

    const dry = cli(machine, 'import', 'actors', file, '--db', db, '--dry-run')
    expect(dry.code).toBe(1)
    for (const line of [
      'Fichier : annuaire.xlsx (xlsx)',
      'Feuille : « Annuaire » — autres feuilles : « Listes » (--sheet pour en choisir une autre)',
      "Ligne d'en-tête : 4 (--header-row pour en choisir une autre)",
      'Type de fichier : organisations et leurs contacts (--kind contacts|organisations|people pour un autre)',
      '  A  Structure → name (Nom de l\'organisation)',
      '  C  Code interne (masquée) → non importée',
      '  G  Contact → fullName (Contact : nom complet)',
      '    « PME » (2 lignes) → entreprise (Entreprises) [table des mots]',
      '    noms contenant « Mairie » (nom:mairie) (1 ligne) → collectivite (Collectivités) [d\'après le nom]',
      '    « Structure publique » (1 ligne) → ? à choisir : --value "profile:Structure publique=<cible>" [à choisir]',
      '    « Créteil » (1 ligne) → hors territoire [hors territoire]',
      'Colonnes non importées : C « Code interne » (masquée) (7 valeurs)',
      '  ligne 1 : Au-dessus du tableau (titre ou note) — Réseau Vitawin – annuaire des partenaires',
      '  ligne 13 : Ligne de total — TOTAL · 6',
      '  ligne 15 : Note sous le tableau — Source : service du développement économique, PEMB',
      "  ligne 6 [attention] Nom de l'organisation vide (cellule vide ou fusionnée) : la ligne est rattachée à « Collège Jean Moulin », l'organisation de la ligne au-dessus.",
      '  ligne 11 [erreur] Profil inconnu : « Structure publique ».',
      "L'import serait refusé : corrigez les lignes en erreur, choisissez les valeurs inconnues (--value), ou importez les autres lignes avec --skip-invalid.",
    ]) {
      expect(dry.stdout).toContain(line)
    }
    expect(dry.stdout).toContain("Aperçu (rien n'a été enregistré) : 4 organisations à créer, 0 à mettre à jour, 4 personnes à créer, 0 à mettre à jour, 4 rattachements, 3 échanges du journal ; 6 lignes importées, 1 en erreur, 4 lignes ignorées.")
    expect(await landedIn(db)).toEqual(EMPTY)

    const mapped = cli(machine, 'import', 'actors', file, '--db', db, '--dry-run', '--value', 'profile:Structure publique=Institutions')
    expect(mapped.code).toBe(0)
    expect(mapped.stdout).toContain('    « Structure publique » (1 ligne) → institution (Institutions) [choisie]')
    expect(await landedIn(db)).toEqual(EMPTY)

    const done = cli(machine, 'import', 'actors', file, '--db', db, '--value', 'profile:Structure publique=institution', '--save-mapping', 'Annuaire PEMB')
    expect(done.stderr).not.toContain('Erreur')
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('Import terminé : 5 organisations créées, 0 mise à jour, 4 personnes créées, 0 mise à jour, 4 rattachements, 3 échanges du journal ; 7 lignes importées, 0 en erreur, 4 lignes ignorées.')
    expect(done.stdout).toContain('Correspondance enregistrée sous le nom « Annuaire PEMB » (--mapping "Annuaire PEMB" la reprend).')
    const operation = /npm run cli -- import undo (\d+)/.exec(done.stdout)![1]!
    expect(await landedIn(db)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Import'))

    // The saved mapping holds the value chosen: the same file again, by its mapping, changes nothing.
    const again = cli(machine, 'import', 'actors', file, '--db', db, '--mapping', 'Annuaire PEMB')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Import terminé : 0 organisation créée, 0 mise à jour, 0 personne créée, 0 mise à jour, 0 rattachement, 0 échange du journal ; 7 lignes importées')
    expect(again.stdout).not.toContain('import undo')

    const list = cli(machine, 'import', 'undo', '--db', db)
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(new RegExp(`n° ${operation}\\s+\\d\\d/\\d\\d/\\d{4}  Import d’organisations et de contacts depuis « annuaire\\.xlsx » — 17 créations, 0 modification`))
    const undone = cli(machine, 'import', 'undo', operation, '--db', db)
    expect(undone.code).toBe(0)
    expect(undone.stdout).toContain('Import annulé (« Import d’organisations et de contacts depuis « annuaire.xlsx » ») : 16 enregistrements retirés, 0 fiche rétablie.')
    expect(await landedIn(db)).toEqual(EMPTY)
    const twice = cli(machine, 'import', 'undo', operation, '--db', db)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/^Erreur : Cette opération a déjà été annulée le \d\d\/\d\d\/\d{4}\.$/m)
  })

  it('says which rows the file hides, and leaves them out with --skip-hidden-rows', async () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const db = path.join(folder, 'vitawin.sqlite')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Partenaires')
    sheet.addRows([['Structure', 'Ville'], ['Collège Jean Moulin', 'Vincennes'], ['Ancienne association', 'Fontenay-sous-Bois'], ['Mairie de Nogent', 'Nogent-sur-Marne']])
    sheet.getRow(3).hidden = true
    await workbook.xlsx.writeFile(path.join(folder, 'partenaires.xlsx'))
    // Saved again by LibreOffice, as a colleague would.
    const file = convertWithLibreOffice(path.join(folder, 'partenaires.xlsx'), 'ods')

    const dry = cli(machine, 'import', 'actors', file, '--db', db, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('La ligne 3 est masquée dans le fichier : elle est importée comme les autres. Vérifiez-les, ou laissez de côté les lignes masquées.')
    expect(dry.stdout).toContain('Pour laisser de côté les lignes masquées dans le fichier : --skip-hidden-rows.')

    const done = cli(machine, 'import', 'actors', file, '--db', db, '--skip-hidden-rows')
    expect(done.stderr).not.toContain('Erreur')
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('  ligne 3 : Ligne masquée dans le fichier — Ancienne association · Fontenay-sous-Bois')
    expect(done.stdout).not.toContain('--skip-hidden-rows.')
    const sqlite = spawnSync('sqlite3', [db, 'select name, town_code from organisations order by id'], { encoding: 'utf8' })
    expect(sqlite.stdout).toBe('Collège Jean Moulin|94080\nMairie de Nogent|94052\n')
  }, 120_000)

  it('maps a column and a value by hand, and lists the fields and the values they take', () => {
    const folder = tempDir()
    const machine = path.join(folder, 'poste')
    const db = path.join(folder, 'vitawin.sqlite')
    const csv = path.join(folder, 'partenaires.csv')
    fs.writeFileSync(csv, 'Dénomination officielle;Catégorie maison;Localité\r\nAssociation des commerçants;A1;Champigny\r\nLe Fournil;B2;Créteil\r\n')
    const refused = cli(machine, 'import', 'actors', csv, '--db', db, '--dry-run', '--column', 'Titre absent=name')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("Erreur : Colonne introuvable : « Titre absent ». Colonnes du fichier : « Dénomination officielle », « Catégorie maison », « Localité » (ou leur lettre : A, B…).")
    const unknownField = cli(machine, 'import', 'actors', csv, '--db', db, '--dry-run', '--column', 'A=raison')
    expect(unknownField.stderr).toMatch(/^Erreur : Champ inconnu pour un fichier « organisations » : « raison »\. Champs possibles : name, profile, town/)
    const done = cli(
      machine,
      'import',
      'actors',
      csv,
      '--db',
      db,
      '--kind',
      'organisations',
      '--column',
      'Dénomination officielle=name',
      '--column',
      'B=Profil',
      '--value',
      'profile:A1=association',
      '--value',
      'profile:B2=Entreprises',
      '--value',
      'town:Créteil=-',
    )
    expect(done.stderr).not.toContain('Erreur')
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('  B  Catégorie maison → profile (Profil)')
    const sqlite = spawnSync('sqlite3', [db, 'select name, profile_code, coalesce(town_code, outside_town, \'-\') from organisations order by id'], { encoding: 'utf8' })
    expect(sqlite.stdout).toBe('Association des commerçants|association|94017\nLe Fournil|entreprise|-\n')

    const fields = cli(machine, 'import', 'fields', '--db', db)
    expect(fields.code).toBe(0)
    expect(fields.stdout).toContain("Champs d'un fichier « organisations et leurs contacts » (--column \"Titre=champ\") :")
    expect(fields.stdout).toContain('  fullName        Contact : nom complet')
    expect(fields.stdout).toContain('    education               Éducation nationale')
    expect(fields.stdout).toContain('    hors-territoire         hors territoire (gardée telle qu’écrite)')

    const old = path.join(folder, 'ancien.xls')
    fs.writeFileSync(old, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))
    const xls = cli(machine, 'import', 'actors', old, '--db', db, '--dry-run')
    expect(xls.code).toBe(2)
    expect(xls.stderr).toContain('Excel 97-2003 (.xls)')
  })
})
