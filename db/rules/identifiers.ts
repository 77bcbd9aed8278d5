// Identifiers of the network's actors (SIREN/SIRET, RNA, UAI), e-mail addresses and French phone
// numbers: normalisation for storage, and validation with French messages for the user.
// Pure code: imported by the backend and by the renderer alike.

export type Validation = { ok: true; value: string } | { ok: false; message: string }

const ok = (value: string): Validation => ({ ok: true, value })
const fail = (message: string): Validation => ({ ok: false, message })

// Separators people type or paste inside numbers: spaces (including non-breaking ones), dots, dashes.
const NUMBER_SEPARATORS = /[\s.\-\u2010-\u2015\u2212]+/g
const DIGITS_ONLY = /^\d+$/

/** Luhn's sum: every second digit from the right doubled (the rightmost one too, with `doubleLast`). */
function luhnSum(digits: string, doubleLast: boolean): number {
  let sum = 0
  let double = doubleLast
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum
}

/** Luhn check (ISO/IEC 7812), used by SIREN and SIRET. False for an empty or non-digit string. */
export function luhnValid(digits: string): boolean {
  return DIGITS_ONLY.test(digits) && luhnSum(digits, false) % 10 === 0
}

/** The digit that completes `digits` so that they pass the Luhn check (test data, fixtures). */
export function luhnCheckDigit(digits: string): number {
  return (10 - (luhnSum(digits, true) % 10)) % 10
}

// La Poste's establishments share the SIREN 356000000 and were numbered without the Luhn key; INSEE
// documents that their SIRETs have a digit sum that is a multiple of 5 instead. The head office,
// 356 000 000 00048, does satisfy Luhn (its digit sum is 26), so both rules are accepted for La Poste.
const LA_POSTE_SIREN = '356000000'

function digitSum(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48
  return sum
}

function checkCompanyNumber(input: string, label: 'SIREN' | 'SIRET', length: 9 | 14): Validation {
  const compact = input.trim().replace(NUMBER_SEPARATORS, '')
  if (compact === '') return fail(`Le ${label} n'est pas renseigné.`)
  if (!DIGITS_ONLY.test(compact)) {
    return fail(`Le ${label} ne doit contenir que des chiffres (les espaces, points et tirets sont acceptés).`)
  }
  if (compact.length !== length) {
    // The commonest mix-up: a SIREN typed where a SIRET is expected, or the reverse.
    const hint =
      label === 'SIRET' && compact.length === 9
        ? " : c'est peut-être un SIREN, qu'il faut compléter par les 5 chiffres de l'établissement"
        : label === 'SIREN' && compact.length === 14
          ? " : c'est peut-être un SIRET, dont le SIREN est formé des 9 premiers chiffres"
          : ''
    return fail(`Le ${label} doit comporter ${length} chiffres (${compact.length} saisis${hint}).`)
  }
  const valid =
    luhnValid(compact) || (length === 14 && compact.startsWith(LA_POSTE_SIREN) && digitSum(compact) % 5 === 0)
  if (!valid) return fail(`Le ${label} ${formatSirenOrSiret(compact)} n'est pas valide (clé de contrôle incorrecte).`)
  return ok(compact)
}

/** SIREN (company): 9 digits with a Luhn key. Value: the 9 digits. */
export function validateSiren(input: string): Validation {
  return checkCompanyNumber(input, 'SIREN', 9)
}

/** SIRET (establishment): SIREN + 5-digit NIC, Luhn key over the 14 digits (La Poste excepted). */
export function validateSiret(input: string): Validation {
  return checkCompanyNumber(input, 'SIRET', 14)
}

/** The SIREN part of a SIRET (separators allowed), or null when the input is not 14 digits. */
export function sirenOfSiret(siret: string): string | null {
  const compact = siret.trim().replace(NUMBER_SEPARATORS, '')
  return compact.length === 14 && DIGITS_ONLY.test(compact) ? compact.slice(0, 9) : null
}

// RNA (associations): "W" + 9 characters. The official wording is "W + 9 chiffres" (for mainland
// France); numbers issued by Corsican and overseas prefectures are reported with a letter in the
// second character after the W (department 2A/2B, 9x), so that one position may be a letter.
const RNA = /^W\d[0-9A-Z]\d{7}$/

/** RNA number of an association, e.g. W751234567. Value: uppercase, without spaces. */
export function validateRna(input: string): Validation {
  const compact = input.replace(NUMBER_SEPARATORS, '').toUpperCase()
  if (compact === '') return fail("Le numéro RNA n'est pas renseigné.")
  if (!RNA.test(compact)) {
    return fail('Le numéro RNA doit commencer par la lettre W, suivie de 9 chiffres (par exemple W751234567).')
  }
  return ok(compact)
}

// UAI (ex-RNE) of a school: 7 digits + a control letter. The letter is the remainder of the 7-digit
// number divided by 23, read in an alphabet of 23 letters without I, O and Q. Checked against real
// UAIs: 0941918Z (941918 mod 23 = 22 -> Z), 0750654D (Lycée Henri-IV, 750654 mod 23 = 3 -> D).
// Corsica's schools use the prefixes 620 and 720 (not 2A/2B), so the first 7 characters are always digits.
const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'
const UAI = /^(\d{7})([A-Z])$/

/** The control letter of a 7-digit UAI number. */
export function uaiControlLetter(sevenDigits: string): string {
  if (!/^\d{7}$/.test(sevenDigits)) throw new RangeError(`« ${sevenDigits} » n'est pas un numéro UAI à 7 chiffres.`)
  return UAI_LETTERS[Number(sevenDigits) % 23]!
}

/** UAI of a school (ex-RNE), e.g. 0941918Z. Value: uppercase, without spaces. */
export function validateUai(input: string): Validation {
  const compact = input.replace(NUMBER_SEPARATORS, '').toUpperCase()
  if (compact === '') return fail("Le code UAI n'est pas renseigné.")
  const match = UAI.exec(compact)
  if (!match) return fail("Le code UAI doit comporter 7 chiffres suivis d'une lettre (par exemple 0941918Z).")
  if (uaiControlLetter(match[1]!) !== match[2]) {
    return fail(`Le code UAI ${compact} n'est pas valide (lettre de contrôle incorrecte).`)
  }
  return ok(compact)
}

// Pragmatic e-mail check: catches typing and pasting mistakes, not every RFC 5321 corner.
const EMAIL_LOCAL = /^[^\s@"(),:;<>[\]\\]+$/
const EMAIL_DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u
const EMAIL_TLD = /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u
const EMAIL_EXAMPLE = 'par exemple prenom.nom@exemple.fr'

/** E-mail address, trimmed and lowercased. Accepts "Nom <adresse>" and "mailto:" as pasted from mail programs. */
export function validateEmail(input: string): Validation {
  let email = input.trim()
  const bracketed = /<([^<>]*)>\s*$/.exec(email)
  if (bracketed) email = bracketed[1]!.trim()
  email = email.replace(/^mailto:/i, '').toLowerCase()
  if (email === '') return fail("L'adresse e-mail n'est pas renseignée.")
  if (/[;,\s]/.test(email) && (email.match(/@/g) ?? []).length > 1) {
    return fail('Une seule adresse e-mail par champ.')
  }
  if (/\s/.test(email)) return fail(`L'adresse e-mail « ${email} » ne doit pas contenir d'espace.`)
  const at = email.lastIndexOf('@')
  if (at < 0 || email.indexOf('@') !== at) {
    return fail(`L'adresse e-mail « ${email} » doit contenir un seul @ (${EMAIL_EXAMPLE}).`)
  }
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  const labels = domain.split('.')
  if (domain !== '' && !domain.includes('.') && EMAIL_DOMAIN_LABEL.test(domain)) {
    return fail(`L'adresse e-mail « ${email} » est incomplète : il manque la fin du domaine, comme « .fr » ou « .com ».`)
  }
  const valid =
    local.length > 0 &&
    local.length <= 64 &&
    email.length <= 254 &&
    EMAIL_LOCAL.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    labels.length >= 2 &&
    labels.every((label) => label.length <= 63 && EMAIL_DOMAIN_LABEL.test(label)) &&
    EMAIL_TLD.test(labels[labels.length - 1]!)
  if (!valid) return fail(`L'adresse e-mail « ${email} » n'est pas valide (${EMAIL_EXAMPLE}).`)
  return ok(email)
}

// Overseas country codes accepted in E.164, with the length of their national significant number.
const OVERSEAS_LENGTHS: Readonly<Record<string, number>> = {
  '262': 9, // La Réunion, Mayotte
  '269': 7, // Comores (Mayotte's former code)
  '590': 9, // Guadeloupe, Saint-Barthélemy, Saint-Martin
  '594': 9, // Guyane
  '596': 9, // Martinique
  '687': 6, // Nouvelle-Calédonie
  '689': 8, // Polynésie française
}

// The overseas departments are part of the French 10-digit plan (0692 12 34 56 can be dialled from
// Paris) but their E.164 form uses their own country code: +262 692 12 34 56, not +33 692 12 34 56.
// Mapping them keeps one stored form per number, so that duplicates compare equal.
const DOM_PREFIXES: Readonly<Record<string, string>> = {
  '262': '262', '263': '262', '269': '262', '639': '262', '692': '262', '693': '262',
  '590': '590', '690': '590', '691': '590',
  '594': '594', '694': '594',
  '596': '596', '696': '596', '697': '596',
}
const DOM_NATIONAL = new Set(['262', '590', '594', '596'])

const PHONE_EXAMPLE = 'par exemple 01 23 45 67 89 ou +33 1 23 45 67 89'

function frenchNational(nsn: string): Validation {
  // nsn: the 9 digits after the leading 0 (or after +33).
  if (nsn.length !== 9) return fail(`Le numéro de téléphone doit comporter 10 chiffres (${PHONE_EXAMPLE}).`)
  if (nsn[0] === '0') return fail(`Le numéro de téléphone n'est pas valide (${PHONE_EXAMPLE}).`)
  const overseas = DOM_PREFIXES[nsn.slice(0, 3)]
  return ok(overseas ? `+${overseas}${nsn}` : `+33${nsn}`)
}

/**
 * French phone number to E.164 (+33123456789). Accepts national (01 23 45 67 89, dots, dashes),
 * international (+33 1…, 0033 1…, +33 (0)1…) and overseas numbers (+262, +269, +590, +594, +596,
 * +687, +689). Nine digits without the leading 0 are taken as a French number whose 0 a
 * spreadsheet dropped.
 */
export function normalizeFrenchPhone(input: string): Validation {
  const trimmed = input.trim()
  if (trimmed === '') return fail("Le numéro de téléphone n'est pas renseigné.")
  // "+33 (0)1 …": the bracketed 0 is not dialled from abroad.
  const compact = trimmed.replace(/\(\s*0\s*\)/g, '').replace(/[\s.\-\u2010-\u2015\u2212/()]+/g, '')
  if (!/^\+?\d+$/.test(compact)) {
    return fail(`Le numéro de téléphone ne doit contenir que des chiffres, des espaces, des points ou des tirets (${PHONE_EXAMPLE}).`)
  }
  let international: string | null = null
  if (compact.startsWith('+')) international = compact.slice(1)
  else if (compact.startsWith('00')) international = compact.slice(2)
  else if (compact.length === 11 && compact.startsWith('33')) international = compact

  if (international === null) {
    if (compact.length === 10 && compact.startsWith('0')) return frenchNational(compact.slice(1))
    if (compact.length === 9 && compact[0] !== '0') return frenchNational(compact)
    return fail(`Le numéro de téléphone doit comporter 10 chiffres (${PHONE_EXAMPLE}).`)
  }
  if (international.startsWith('33')) {
    let nsn = international.slice(2)
    if (nsn.length === 10 && nsn.startsWith('0')) nsn = nsn.slice(1) // "+33 01 23 …"
    return frenchNational(nsn)
  }
  const code = international.slice(0, 3)
  const expected = OVERSEAS_LENGTHS[code]
  if (expected === undefined) {
    return fail('Seuls les numéros de téléphone français (métropole et outre-mer) sont acceptés.')
  }
  let nsn = international.slice(3)
  if (nsn.length === expected + 1 && nsn.startsWith('0')) nsn = nsn.slice(1)
  if (nsn.length !== expected || nsn[0] === '0') {
    return fail(`Le numéro de téléphone +${code} doit comporter ${expected} chiffres après l'indicatif.`)
  }
  return ok(`+${code}${nsn}`)
}

function pairs(digits: string): string {
  return digits.replace(/(\d\d)(?=\d)/g, '$1 ')
}

/**
 * Display form of a stored E.164 number: "01 23 45 67 89" for +33 and for the overseas departments
 * (dialled the same way from France); other numbers are returned unchanged.
 */
export function formatFrenchPhone(e164: string): string {
  const match = /^\+(\d{3})(\d{9})$/.exec(e164) ?? /^\+(33)(\d{9})$/.exec(e164)
  if (match && (match[1] === '33' || DOM_NATIONAL.has(match[1]!))) return pairs(`0${match[2]!}`)
  return e164
}

/** A SIREN or SIRET as INSEE writes it: « 552 100 554 » and « 552 100 554 00013 »; anything else as given. */
export function formatSirenOrSiret(value: string): string {
  if (/^\d{9}$/.test(value)) return value.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1\u00a0$2\u00a0$3')
  if (/^\d{14}$/.test(value)) return value.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1\u00a0$2\u00a0$3\u00a0$4')
  return value
}
