import { describe, expect, it } from 'vitest'
import { IMPORT_FIELDS, IMPORT_FIELD_IDS, IMPORT_KIND, groupedHeader, guessKind, guessMapping, missingFields, recognisedHeaders } from './import-fields'

describe('guessMapping', () => {
  it('recognises the usual French headers of an organisations file', () => {
    expect(guessMapping(['Raison sociale', 'N° SIRET', 'Adresse', 'Code postal', 'Ville', 'E-mail', 'Téléphone', 'Étiquettes', 'Commentaires'], 'organisations')).toEqual({
      0: 'name',
      1: 'siret',
      2: 'address',
      3: 'postalCode',
      4: 'town',
      5: 'email',
      6: 'phone',
      7: 'tags',
      8: 'notes',
    })
    expect(
      guessMapping(['Dénomination', 'SIRET', 'CP', 'Commune', 'Adresse e-mail', 'Tél.', 'Code APE', 'Site web', 'Statut', "Date d'adhésion", 'Réseaux', "Domaines d'action", 'N° RNA', 'Code UAI', 'Chiffre d’affaires'], 'organisations'),
    ).toEqual({
      0: 'name',
      1: 'siret',
      2: 'postalCode',
      3: 'town',
      4: 'email',
      5: 'phone',
      6: 'nafCode',
      7: 'website',
      8: 'status',
      9: 'joinedOn',
      10: 'networks',
      11: 'fields',
      12: 'rna',
      13: 'uai',
      14: null,
    })
  })

  it('recognises the headers of a people file and maps each field once', () => {
    expect(guessMapping(['Prénom', 'NOM', 'Fonction', 'Entreprise', 'Courriel', 'Téléphone portable', 'E-mail'], 'people')).toEqual({
      0: 'firstName',
      1: 'lastName',
      2: 'jobTitle',
      3: 'organisation',
      4: 'email',
      5: 'phone',
      6: null,
    })
  })

  it('reads a contacts file: « Nom » is the contact’s beside the organisation’s column, a lone name column is a full name', () => {
    expect(guessMapping(['Structure', 'Nom', 'Prénom', 'Fonction', 'Mail du contact', 'Mail structure', 'Premier contact', 'Suivi par'], 'contacts')).toEqual({
      0: 'name',
      1: 'lastName',
      2: 'firstName',
      3: 'jobTitle',
      4: 'personEmail',
      5: 'email',
      6: 'firstContactOn',
      7: 'animator',
    })
    expect(guessMapping(['Établissement', 'Nom du contact', 'Qualité', 'Tél. du contact'], 'contacts')).toEqual({ 0: 'name', 1: 'fullName', 2: 'jobTitle', 3: 'personPhone' })
    expect(guessMapping(['Nom', 'Ville', 'Offres', 'Thématiques'], 'contacts')).toEqual({ 0: 'name', 1: 'town', 2: 'offers', 3: 'fields' })
  })

  it('recognises English headers', () => {
    expect(guessMapping(['Company', 'Category', 'Address', 'Zip', 'City', 'Website', 'Full name', 'Job title', 'Email', 'Phone', 'Notes', 'Date of first contact'], 'contacts')).toEqual({
      0: 'name',
      1: 'profile',
      2: 'address',
      3: 'postalCode',
      4: 'town',
      5: 'website',
      6: 'fullName',
      7: 'jobTitle',
      8: 'email',
      9: 'phone',
      10: 'notes',
      11: 'firstContactOn',
    })
    expect(guessMapping(['First name', 'Last name', 'Email', 'Status', 'Member since'], 'people')).toEqual({ 0: 'firstName', 1: 'lastName', 2: 'email', 3: 'status', 4: 'joinedOn' })
  })
})

describe('groupedHeader', () => {
  it('reads a person’s columns under « Contact » (or another word for one) as the contact’s', () => {
    const under = (label: string, headers: string[]) => headers.map((header) => groupedHeader(label, header))
    expect(under('Contact', ['Nom', 'Prénom', 'Fonction', 'E-mail', 'Portable', 'Tél.', 'Civilité', 'Nom prénom', 'Ville', 'Commentaire', ''])).toEqual([
      'Nom du contact',
      'Prénom du contact',
      'Fonction du contact',
      'E-mail du contact',
      'Portable du contact',
      'Tél. du contact',
      'Civilité du contact',
      'Nom complet du contact',
      'Ville',
      'Commentaire',
      'Contact',
    ])
    expect(under('Interlocuteur', ['Nom', 'Courriel'])).toEqual(['Nom du contact', 'Courriel du contact'])
    expect(under('Établissement', ['Nom', 'Ville', 'Dénomination'])).toEqual(['Nom de la structure', 'Ville', 'Dénomination de la structure'])
    expect(under('Coordonnées', ['Téléphone', 'E-mail'])).toEqual(['Téléphone', 'E-mail'])
    const mapping = guessMapping(['Nom de la structure', 'Ville', 'Téléphone', 'Nom du contact', 'Prénom du contact', 'E-mail du contact', 'Portable du contact'], 'contacts')
    expect(mapping).toEqual({ 0: 'name', 1: 'town', 2: 'phone', 3: 'lastName', 4: 'firstName', 5: 'personEmail', 6: 'personPhone' })
  })
})

describe('guessKind', () => {
  it('tells organisations with contacts, organisations alone, and people', () => {
    expect(guessKind(['Structure', 'Type', 'Ville', 'Contact', 'Fonction', 'E-mail'])).toBe('contacts')
    expect(guessKind(['Raison sociale', 'SIRET', 'Ville', 'E-mail'])).toBe('organisations')
    expect(guessKind(['Prénom', 'Nom', 'Courriel', 'Classe'])).toBe('people')
    expect(guessKind(['Company', 'First name', 'Last name'])).toBe('contacts')
    expect(guessKind(['Nom', 'Contact', 'Téléphone'])).toBe('contacts')
    expect(guessKind(['Nom', 'Ville', 'Téléphone'])).toBe('organisations')
  })

  it('counts the headers a row names, to find the header among the first rows', () => {
    // A title names a field at most by chance (« réseau »): two are needed to make a header.
    expect(recognisedHeaders(['Réseau Vitawin – annuaire des partenaires'])).toBeLessThan(2)
    expect(recognisedHeaders(['Structure', 'Type', 'Code interne', 'Ville', 'Contact'])).toBe(4)
  })
})

describe('the fields', () => {
  it('each kind of file holds each field once, and says what it lacks', () => {
    for (const kind of IMPORT_KIND.codes) {
      const ids = IMPORT_FIELDS[kind].map((field) => field.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.every((id) => IMPORT_FIELD_IDS.includes(id))).toBe(true)
    }
    expect(missingFields('contacts', { 0: 'fullName' })).toEqual(["« Nom de l'organisation »"])
    expect(missingFields('people', { 0: 'firstName' })).toEqual(['« Prénom » et « Nom » (ou « Nom complet »)'])
    expect(missingFields('people', { 0: 'fullName' })).toEqual([])
  })
})
