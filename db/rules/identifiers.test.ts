import { describe, expect, it } from 'vitest'
import {
  formatFrenchPhone,
  formatSirenOrSiret,
  luhnValid,
  normalizeFrenchPhone,
  sirenOfSiret,
  uaiControlLetter,
  validateEmail,
  validateRna,
  validateSiren,
  validateSiret,
  validateUai,
  type Validation,
} from './identifiers'

// Reference Luhn, written independently of the module: double every second digit from the right.
function referenceLuhnSum(digits: string): number {
  return [...digits]
    .reverse()
    .map(Number)
    .map((d, i) => (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d))
    .reduce((a, b) => a + b, 0)
}

function withLuhnKey(body: string): string {
  for (let key = 0; key <= 9; key++) if (referenceLuhnSum(body + key) % 10 === 0) return body + key
  throw new Error('unreachable')
}

// Deterministic pseudo-random digits, so that a failure can be replayed.
function digitSource(seed: number) {
  let state = seed
  return (count: number) => {
    let out = ''
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) % 2147483648
      out += String(Math.floor((state / 2147483648) * 10))
    }
    return out
  }
}

function value(result: Validation): string {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`)
  return result.value
}

function message(result: Validation): string {
  if (result.ok) throw new Error(`expected a refusal, got: ${result.value}`)
  return result.message
}

describe('luhnValid', () => {
  it('accepts and refuses the textbook examples', () => {
    expect(luhnValid('79927398713')).toBe(true)
    expect(luhnValid('79927398710')).toBe(false)
    expect(luhnValid('4539578763621486')).toBe(true)
    expect(luhnValid('0')).toBe(true)
  })

  it('refuses empty and non-digit strings', () => {
    expect(luhnValid('')).toBe(false)
    expect(luhnValid('7992739871a')).toBe(false)
    expect(luhnValid('799 273 987 13')).toBe(false)
  })

  it('agrees with the reference implementation on generated numbers', () => {
    const next = digitSource(42)
    for (let i = 0; i < 500; i++) {
      const digits = next(1 + (i % 16))
      expect(luhnValid(digits), digits).toBe(referenceLuhnSum(digits) % 10 === 0)
    }
  })
})

describe('validateSiren', () => {
  it('accepts real SIRENs', () => {
    expect(value(validateSiren('200057941'))).toBe('200057941') // Paris Est Marne et Bois
    expect(value(validateSiren('732829320'))).toBe('732829320')
    expect(value(validateSiren('356000000'))).toBe('356000000') // La Poste
  })

  it('accepts spaces, dots and dashes and keeps the 9 digits', () => {
    expect(value(validateSiren(' 200 057 941 '))).toBe('200057941')
    expect(value(validateSiren('200.057.941'))).toBe('200057941')
    expect(value(validateSiren('200-057-941'))).toBe('200057941')
    expect(value(validateSiren('200\u00a0057\u202f941'))).toBe('200057941')
  })

  it('accepts generated valid SIRENs and refuses every one-digit typo of them', () => {
    const next = digitSource(7)
    for (let i = 0; i < 50; i++) {
      const siren = withLuhnKey(next(8))
      expect(value(validateSiren(siren))).toBe(siren)
      for (let position = 0; position < 9; position++) {
        const original = Number(siren[position])
        const typo = siren.slice(0, position) + String((original + 1 + (i % 9)) % 10) + siren.slice(position + 1)
        expect(validateSiren(typo).ok, typo).toBe(false)
      }
    }
  })

  it('refuses a wrong key with a French message naming the number', () => {
    expect(message(validateSiren('200057942'))).toBe("Le SIREN 200\u00a0057\u00a0942 n'est pas valide (clé de contrôle incorrecte).")
  })

  it('explains wrong lengths, letters and empty input', () => {
    expect(message(validateSiren('20005794'))).toBe('Le SIREN doit comporter 9 chiffres (8 saisis).')
    expect(message(validateSiren('73282932000074'))).toContain("c'est peut-être un SIRET")
    expect(message(validateSiren('20005794A'))).toBe(
      'Le SIREN ne doit contenir que des chiffres (les espaces, points et tirets sont acceptés).',
    )
    expect(message(validateSiren('   '))).toBe("Le SIREN n'est pas renseigné.")
  })
})

describe('validateSiret', () => {
  it('accepts real SIRETs', () => {
    expect(value(validateSiret('73282932000074'))).toBe('73282932000074')
    expect(value(validateSiret('732 829 320 00074'))).toBe('73282932000074')
    expect(value(validateSiret('732.829.320.00074'))).toBe('73282932000074')
  })

  it("accepts La Poste's head office, which satisfies Luhn but not the multiple-of-5 rule", () => {
    expect(referenceLuhnSum('35600000000048') % 10).toBe(0)
    expect([...'35600000000048'].map(Number).reduce((a, b) => a + b, 0) % 5).not.toBe(0)
    expect(value(validateSiret('356 000 000 00048'))).toBe('35600000000048')
  })

  it('accepts La Poste establishments whose digit sum is a multiple of 5, even without a Luhn key', () => {
    let checked = 0
    for (let nic = 0; nic < 100000 && checked < 20; nic += 137) {
      const siret = `356000000${String(nic).padStart(5, '0')}`
      const sum = [...siret].map(Number).reduce((a, b) => a + b, 0)
      if (referenceLuhnSum(siret) % 10 === 0) continue
      expect(validateSiret(siret).ok, siret).toBe(sum % 5 === 0)
      if (sum % 5 === 0) checked++
    }
    expect(checked).toBe(20)
  })

  it('keeps the multiple-of-5 rule to La Poste', () => {
    let checked = 0
    for (let nic = 0; nic < 1000 && checked < 10; nic++) {
      const siret = `732829320${String(nic).padStart(5, '0')}`
      const sum = [...siret].map(Number).reduce((a, b) => a + b, 0)
      if (sum % 5 !== 0 || referenceLuhnSum(siret) % 10 === 0) continue
      expect(validateSiret(siret).ok, siret).toBe(false)
      checked++
    }
    expect(checked).toBe(10)
  })

  it('accepts generated valid SIRETs and refuses a changed last digit', () => {
    const next = digitSource(2026)
    for (let i = 0; i < 200; i++) {
      const siret = withLuhnKey(withLuhnKey(next(8)) + next(4))
      if (siret.startsWith('356000000')) continue
      expect(value(validateSiret(siret))).toBe(siret)
      const wrong = siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10)
      expect(validateSiret(wrong).ok).toBe(false)
    }
  })

  it('refuses a wrong key with the expected French message', () => {
    expect(message(validateSiret('73282932000075'))).toBe(
      "Le SIRET 732\u00a0829\u00a0320\u00a000075 n'est pas valide (clé de contrôle incorrecte).",
    )
    expect(message(validateSiret('12345678901234'))).toBe(
      "Le SIRET 123\u00a0456\u00a0789\u00a001234 n'est pas valide (clé de contrôle incorrecte).",
    )
  })

  it('explains wrong lengths, with a hint when a SIREN was typed', () => {
    expect(message(validateSiret('7328293200007'))).toBe('Le SIRET doit comporter 14 chiffres (13 saisis).')
    expect(message(validateSiret('200057941'))).toBe(
      "Le SIRET doit comporter 14 chiffres (9 saisis : c'est peut-être un SIREN, qu'il faut compléter par les 5 chiffres de l'établissement).",
    )
    expect(message(validateSiret(''))).toBe("Le SIRET n'est pas renseigné.")
    expect(message(validateSiret('7328293200007O'))).toContain('que des chiffres')
  })
})

describe('sirenOfSiret', () => {
  it('returns the first 9 digits', () => {
    expect(sirenOfSiret('73282932000074')).toBe('732829320')
    expect(sirenOfSiret('356 000 000 00048')).toBe('356000000')
  })

  it('returns null for anything but 14 digits', () => {
    expect(sirenOfSiret('732829320')).toBeNull()
    expect(sirenOfSiret('7328293200007A')).toBeNull()
    expect(sirenOfSiret('')).toBeNull()
  })
})

describe('validateRna', () => {
  it('accepts W + 9 digits, uppercased and without spaces', () => {
    expect(value(validateRna('W751234567'))).toBe('W751234567')
    expect(value(validateRna(' w94 1 234 567 '))).toBe('W941234567')
  })

  it('accepts the Corsican and overseas forms with a letter after the department digit', () => {
    expect(value(validateRna('W2A1002345'))).toBe('W2A1002345')
    expect(value(validateRna('w2b1002345'))).toBe('W2B1002345')
  })

  it('refuses other shapes with a French message', () => {
    const expected = 'Le numéro RNA doit commencer par la lettre W, suivie de 9 chiffres (par exemple W751234567).'
    for (const input of ['W75123456', 'W7512345678', 'X751234567', '751234567', 'W75123456A', 'WA51234567', 'W75-12345-6A']) {
      expect(message(validateRna(input)), input).toBe(expected)
    }
    expect(message(validateRna(''))).toBe("Le numéro RNA n'est pas renseigné.")
  })
})

describe('UAI', () => {
  it('computes the control letter as N mod 23 over the 23-letter alphabet', () => {
    expect(uaiControlLetter('0941918')).toBe('Z') // 941918 = 23 × 40952 + 22
    expect(uaiControlLetter('0750654')).toBe('D') // 750654 = 23 × 32637 + 3
    expect(uaiControlLetter('0000000')).toBe('A')
    expect(uaiControlLetter('0000008')).toBe('J') // I is skipped
    expect(uaiControlLetter('0000013')).toBe('P') // O is skipped
    expect(uaiControlLetter('0000014')).toBe('R') // Q is skipped
    expect(uaiControlLetter('0000022')).toBe('Z')
    expect(uaiControlLetter('0000023')).toBe('A')
    expect(() => uaiControlLetter('094191')).toThrow(RangeError)
  })

  it('never produces I, O or Q', () => {
    const letters = new Set<string>()
    for (let n = 0; n < 23; n++) letters.add(uaiControlLetter(String(n).padStart(7, '0')))
    expect(letters.size).toBe(23)
    expect([...letters].some((letter) => 'IOQ'.includes(letter))).toBe(false)
  })

  it('accepts real UAIs, uppercased and without spaces', () => {
    expect(value(validateUai('0941918Z'))).toBe('0941918Z')
    expect(value(validateUai('0941918z'))).toBe('0941918Z')
    expect(value(validateUai(' 0941918 Z '))).toBe('0941918Z')
    expect(value(validateUai('0750654D'))).toBe('0750654D') // Lycée Henri-IV, Paris
    expect(value(validateUai('0750655E'))).toBe('0750655E') // Lycée Louis-le-Grand, Paris
    expect(value(validateUai('6200001G'))).toBe('6200001G') // Corsica's prefix 620 (made-up number)
  })

  it('refuses every other letter', () => {
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXY') {
      expect(message(validateUai(`0941918${letter}`))).toBe(
        `Le code UAI 0941918${letter} n'est pas valide (lettre de contrôle incorrecte).`,
      )
    }
  })

  it('explains a wrong shape', () => {
    const expected = "Le code UAI doit comporter 7 chiffres suivis d'une lettre (par exemple 0941918Z)."
    for (const input of ['094191Z', '09419180Z', '09419189', 'Z0941918', '2A00001G']) {
      expect(message(validateUai(input)), input).toBe(expected)
    }
    expect(message(validateUai(''))).toBe("Le code UAI n'est pas renseigné.")
  })
})

describe('validateEmail', () => {
  it('trims and lowercases valid addresses', () => {
    expect(value(validateEmail('  Jean.Dupont@Exemple.FR '))).toBe('jean.dupont@exemple.fr')
    expect(value(validateEmail('contact+copil@sous.domaine.paris'))).toBe('contact+copil@sous.domaine.paris')
    expect(value(validateEmail("o'brien@mairie-vincennes.fr"))).toBe("o'brien@mairie-vincennes.fr")
    expect(value(validateEmail('élodie@exemple.fr'))).toBe('élodie@exemple.fr')
    expect(value(validateEmail('x@xn--caf-dma.fr'))).toBe('x@xn--caf-dma.fr')
  })

  it('accepts addresses pasted from a mail program', () => {
    expect(value(validateEmail('Jean Dupont <Jean.Dupont@exemple.fr>'))).toBe('jean.dupont@exemple.fr')
    expect(value(validateEmail('mailto:contact@exemple.fr'))).toBe('contact@exemple.fr')
  })

  it('refuses broken addresses with French messages', () => {
    expect(message(validateEmail(''))).toBe("L'adresse e-mail n'est pas renseignée.")
    expect(message(validateEmail('jean.dupont.exemple.fr'))).toBe(
      "L'adresse e-mail « jean.dupont.exemple.fr » doit contenir un seul @ (par exemple prenom.nom@exemple.fr).",
    )
    expect(message(validateEmail('jean@dupont'))).toBe(
      "L'adresse e-mail « jean@dupont » est incomplète : il manque la fin du domaine, comme « .fr » ou « .com ».",
    )
    expect(message(validateEmail('jean dupont@exemple.fr'))).toBe(
      "L'adresse e-mail « jean dupont@exemple.fr » ne doit pas contenir d'espace.",
    )
    expect(message(validateEmail('a@exemple.fr; b@exemple.fr'))).toBe('Une seule adresse e-mail par champ.')
    expect(message(validateEmail('a@exemple.fr, b@exemple.fr'))).toBe('Une seule adresse e-mail par champ.')
    for (const input of [
      'jean@@exemple.fr',
      '@exemple.fr',
      'jean@',
      '.jean@exemple.fr',
      'jean.@exemple.fr',
      'jean..dupont@exemple.fr',
      'jean@exemple..fr',
      'jean@-exemple.fr',
      'jean@exemple-.fr',
      'jean@exemple.f',
      'jean@exemple.fr.',
      'jean@exemple,fr',
      'jean@exemple.123',
      'je"an@exemple.fr',
      `${'a'.repeat(65)}@exemple.fr`,
    ]) {
      expect(validateEmail(input).ok, input).toBe(false)
    }
  })
})

describe('normalizeFrenchPhone', () => {
  it('normalises every usual French writing to E.164', () => {
    for (const input of [
      '01 23 45 67 89',
      '01.23.45.67.89',
      '01-23-45-67-89',
      '0123456789',
      '+33 1 23 45 67 89',
      '+33123456789',
      '0033123456789',
      '00 33 1 23 45 67 89',
      '+33 (0)1 23 45 67 89',
      '+33 (0) 1 23 45 67 89',
      '+33 01 23 45 67 89',
      '33 1 23 45 67 89',
      ' 01\u00a023\u00a045\u00a067\u00a089 ',
      '123456789', // the leading 0 dropped by a spreadsheet
    ]) {
      expect(value(normalizeFrenchPhone(input)), input).toBe('+33123456789')
    }
    expect(value(normalizeFrenchPhone('06 12 34 56 78'))).toBe('+33612345678')
    expect(value(normalizeFrenchPhone('09 70 12 34 56'))).toBe('+33970123456')
  })

  it('keeps plausible overseas numbers in E.164', () => {
    expect(value(normalizeFrenchPhone('+262 692 12 34 56'))).toBe('+262692123456')
    expect(value(normalizeFrenchPhone('+590 690 12 34 56'))).toBe('+590690123456')
    expect(value(normalizeFrenchPhone('+594 594 12 34 56'))).toBe('+594594123456')
    expect(value(normalizeFrenchPhone('+596 696 12 34 56'))).toBe('+596696123456')
    expect(value(normalizeFrenchPhone('+269 321 23 45'))).toBe('+2693212345')
    expect(value(normalizeFrenchPhone('+687 12 34 56'))).toBe('+687123456')
    expect(value(normalizeFrenchPhone('+689 87 12 34 56'))).toBe('+68987123456')
    expect(value(normalizeFrenchPhone('00262 692 12 34 56'))).toBe('+262692123456')
  })

  it('stores overseas numbers dialled nationally under their own country code', () => {
    expect(value(normalizeFrenchPhone('06 92 12 34 56'))).toBe('+262692123456')
    expect(value(normalizeFrenchPhone('02 62 12 34 56'))).toBe('+262262123456')
    expect(value(normalizeFrenchPhone('02 69 61 23 45'))).toBe('+262269612345')
    expect(value(normalizeFrenchPhone('05 90 12 34 56'))).toBe('+590590123456')
    expect(value(normalizeFrenchPhone('06 94 12 34 56'))).toBe('+594694123456')
    expect(value(normalizeFrenchPhone('06 96 12 34 56'))).toBe('+596696123456')
    expect(value(normalizeFrenchPhone('+33 6 92 12 34 56'))).toBe('+262692123456')
    // Neighbouring metropolitan blocks stay +33.
    expect(value(normalizeFrenchPhone('06 95 12 34 56'))).toBe('+33695123456')
    expect(value(normalizeFrenchPhone('05 95 12 34 56'))).toBe('+33595123456')
  })

  it('refuses wrong lengths', () => {
    for (const input of ['01 23 45 67 8', '01 23 45 67 89 0', '+33 1 23 45 67', '+33 1 23 45 67 89 0', '0033 1 23', '12345678']) {
      expect(message(normalizeFrenchPhone(input)), input).toContain('doit comporter')
    }
    expect(message(normalizeFrenchPhone('+687 12 34 567'))).toBe(
      "Le numéro de téléphone +687 doit comporter 6 chiffres après l'indicatif.",
    )
    expect(message(normalizeFrenchPhone('+262 692 12 34 5'))).toBe(
      "Le numéro de téléphone +262 doit comporter 9 chiffres après l'indicatif.",
    )
  })

  it('refuses a national number starting with 00 after the 0', () => {
    expect(normalizeFrenchPhone('+33 0 12 34 56 78').ok).toBe(false)
  })

  it('refuses foreign numbers, letters and empty input with French messages', () => {
    expect(message(normalizeFrenchPhone('+32 2 123 45 67'))).toBe(
      'Seuls les numéros de téléphone français (métropole et outre-mer) sont acceptés.',
    )
    expect(message(normalizeFrenchPhone('+44 20 7946 0958'))).toContain('français')
    expect(message(normalizeFrenchPhone('01 23 45 67 8x'))).toContain('ne doit contenir que des chiffres')
    expect(message(normalizeFrenchPhone('01 23 45 67 89 poste 12'))).toContain('ne doit contenir que des chiffres')
    expect(message(normalizeFrenchPhone(''))).toBe("Le numéro de téléphone n'est pas renseigné.")
  })
})

describe('formatFrenchPhone', () => {
  it('shows +33 numbers the French way', () => {
    expect(formatFrenchPhone('+33123456789')).toBe('01 23 45 67 89')
    expect(formatFrenchPhone('+33612345678')).toBe('06 12 34 56 78')
  })

  it('shows overseas departments the way they are dialled from France', () => {
    expect(formatFrenchPhone('+262692123456')).toBe('06 92 12 34 56')
    expect(formatFrenchPhone('+596596123456')).toBe('05 96 12 34 56')
  })

  it('returns other values unchanged', () => {
    expect(formatFrenchPhone('+687123456')).toBe('+687123456')
    expect(formatFrenchPhone('+3312345678')).toBe('+3312345678')
    expect(formatFrenchPhone('n/a')).toBe('n/a')
    expect(formatFrenchPhone('')).toBe('')
  })

  it('round-trips with normalizeFrenchPhone', () => {
    for (const e164 of ['+33123456789', '+33987654321', '+262692123456', '+590590123456', '+594694123456']) {
      expect(value(normalizeFrenchPhone(formatFrenchPhone(e164)))).toBe(e164)
    }
  })
})

describe('formatSirenOrSiret', () => {
  it('groups the digits as INSEE writes them, and leaves anything else alone', () => {
    expect(formatSirenOrSiret('552100554')).toBe('552\u00a0100\u00a0554')
    expect(formatSirenOrSiret('55210055400013')).toBe('552\u00a0100\u00a0554\u00a000013')
    expect(formatSirenOrSiret('W751234567')).toBe('W751234567')
    expect(formatSirenOrSiret('1234')).toBe('1234')
  })
})
