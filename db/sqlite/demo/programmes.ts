import type BetterSqlite3 from 'better-sqlite3'
import { uaiControlLetter } from '../../rules/identifiers'
import { OFFER_TYPES_FOR_REQUEST, type RequestKind } from '../../rules/actor-values'
import { schoolYearBounds, schoolYearOf } from '../../rules/school-year'
import { ANIMATORS, type SeededActors } from './actors'
import type { Random } from './random'
import { linkedActorKey } from '../../rules/actor-keys'

// The programmes of the demo dataset: ten school years of Q2ER (the current one partly done), the
// conferences, mentoring, the career forum of two collèges in Villiers-sur-Marne, the network's
// afterwork and the CLEE committees; internships (named minors with their parents' consent, and
// anonymous ones), and schools' requests with the candidates contacted. Fictional, reproducible,
// dated relative to `today`. Its size does not depend on the directory's scale.

const PUPIL_FIRST_NAMES = ['Inès', 'Lina', 'Yanis', 'Adam', 'Maëlle', 'Rayan', 'Chloé', 'Nolan', 'Sofia', 'Ilyes', 'Jade', 'Mathis', 'Aya', 'Enzo', 'Lou', 'Sacha', 'Nour', 'Timéo', 'Lyna', 'Noah']
const PUPIL_LAST_NAMES = ['Benamar', 'Carvalho', 'Delorme', 'Fofana', 'Garnier', 'Hoarau', 'Kaci', 'Lemoine', 'Mabiala', 'Nguyen', 'Perrin', 'Rakoto', 'Saidi', 'Tessier', 'Vasseur', 'Zeroual']
const PARENT_ROLES = ['mère', 'père', 'responsable légal']
const SATISFACTION_COMMENTS = [
  'Élèves très investis, questions nombreuses aux intervenants.',
  'Bonne dynamique ; prévoir plus de temps pour les échanges.',
  'Les professeurs souhaitent reconduire la séquence l’an prochain.',
  'Intervenants appréciés ; quelques élèves intimidés au début.',
  'Salle trop petite pour le nombre de classes : à revoir.',
  'Très bon retour des élèves sur la découverte des métiers.',
  'Les entreprises ont apprécié l’accueil et la préparation des élèves.',
]
const PLACEMENT_OUTCOMES = [
  'Stage très positif ; l’élève envisage une filière professionnelle.',
  'Bon stage, rapport de stage remis à l’établissement.',
  'Proposition d’alternance pour la rentrée suivante.',
  'Stage écourté d’un jour (maladie), bilan positif malgré tout.',
  'Tuteur satisfait, prêt à accueillir à nouveau un élève.',
]
const MEETING_NOTES = [
  'Point sur les résultats du trimestre et l’orientation.',
  'Préparation d’un entretien pour un job d’été.',
  'Découverte du lieu de travail du mentor.',
  'Travail sur le CV et la lettre de motivation.',
  'Échange sur Parcoursup et les formations visées.',
]
const CONFERENCE_TOPICS = ['Les métiers du numérique sur le territoire', 'Entreprendre en Marne et Bois', 'L’industrie et la logistique de demain']

interface Org {
  id: number
  name: string
  town_code: string | null
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() + days)
  return value.toISOString().slice(0, 10)
}

/** A weekday of a month of the school year: month 0 is September. */
function dayIn(random: Random, schoolYear: string, month: number, from = 4, to = 25): string {
  const start = Number(schoolYear.slice(0, 4))
  const year = month <= 3 ? start : start + 1
  const calendarMonth = ((8 + month) % 12) + 1
  let date = `${year}-${String(calendarMonth).padStart(2, '0')}-${String(random.int(from, to)).padStart(2, '0')}`
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  if (weekday === 6) date = addDays(date, 2)
  if (weekday === 0) date = addDays(date, 1)
  return date
}

const round1 = (value: number) => Math.round(value * 10) / 10

export function seedProgrammes(sqlite: BetterSqlite3.Database, random: Random, actors: SeededActors, today: string): void {
  const currentYear = schoolYearOf(today)
  const currentStart = Number(currentYear.slice(0, 4))
  const yearOf = (start: number) => `${start}-${start + 1}`
  const programmeId = new Map((sqlite.prepare('select code, id from programmes').all() as { code: string; id: number }[]).map((row) => [row.code, row.id]))

  // The actors the programmes draw on.
  const schools = sqlite.prepare("select id, name, town_code from organisations where profile_code = 'education' order by id").all() as Org[]
  const lycees = schools.filter((school) => school.name.startsWith('Lycée ') && !school.name.startsWith('Lycée professionnel'))
  const lps = schools.filter((school) => school.name.startsWith('Lycée professionnel'))
  const mainLycee = lycees.find((school) => school.town_code === '94018') ?? lycees[0] ?? schools[0]!
  const lp = lps[0] ?? schools.find((school) => school.id !== mainLycee.id) ?? mainLycee
  const insertOrganisation = sqlite.prepare(
    "insert into organisations (name, profile_code, town_code, uai, status, joined_on, source, notes) values (?, 'education', '94079', ?, 'vitawiner', ?, 'demo', 'Donnée fictive de démonstration.')",
  )
  const villiers = schools.filter((school) => school.town_code === '94079' && school.name.startsWith('Collège')).slice(0, 2)
  ;['Collège Olympe de Gouges (fictif, Villiers)', 'Collège Romain Rolland (fictif, Villiers)'].slice(villiers.length).forEach((name, index) => {
    const digits = `094${1900 + index}`
    const id = Number(insertOrganisation.run(name, `${digits}${uaiControlLetter(digits)}`, `${currentStart - 4}-09-15`).lastInsertRowid)
    villiers.push({ id, name, town_code: '94079' })
  })
  const companies = actors.organisations.filter((org) => org.profile === 'entreprise')
  const engagedCompanies = companies.filter((org) => org.vitawiner).length >= 20 ? companies.filter((org) => org.vitawiner) : companies
  const companyPeople = actors.people.filter((person) => person.profile === 'entreprise' && person.organisationId !== null)
  const peopleByOrganisation = new Map<number, number[]>()
  for (const person of actors.people) {
    if (person.organisationId === null) continue
    const list = peopleByOrganisation.get(person.organisationId)
    if (list) list.push(person.id)
    else peopleByOrganisation.set(person.organisationId, [person.id])
  }
  const referent = peopleByOrganisation.get(mainLycee.id)?.[0] ?? actors.people.find((person) => person.profile === 'education')?.id ?? null
  const club = (sqlite.prepare("select id from organisations where name like 'Club des entreprises%' order by id limit 1").pluck().get() as number | undefined) ??
    actors.organisations.find((org) => org.profile === 'association')?.id
  const townHall = sqlite.prepare("select id from organisations where profile_code = 'collectivite' and town_code = ? order by id limit 1").pluck()
  const townOf = (school: Org) => school.town_code
  const vitawiners = actors.organisations.filter((org) => org.vitawiner)
  const organisationName = sqlite.prepare('select name from organisations where id = ?').pluck()
  const profileOf = new Map(actors.organisations.map((org) => [org.id, org.profile]))

  // Statements.
  const insertEdition = sqlite.prepare('insert into editions (programme_id, school_year, title, status, notes, copied_from_id) values (?, ?, ?, ?, ?, ?)')
  const insertEditionPartner = sqlite.prepare('insert into edition_partners (edition_id, organisation_id, person_id, role) values (?, ?, ?, ?)')
  const insertProgrammePartner = sqlite.prepare('insert into programme_partners (programme_id, organisation_id, person_id, role) values (?, ?, ?, ?)')
  const insertSequence = sqlite.prepare('insert into sequences (edition_id, step_order, title, description, status) values (?, ?, ?, ?, ?)')
  const insertSession = sqlite.prepare(
    `insert into sequence_sessions (sequence_id, held_on, place, town_code, status, pupils_count, teachers_count, intervention_hours, satisfaction, feedback)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertClass = sqlite.prepare('insert into session_classes (session_id, school_id, class_label, level_code, pupils_count) values (?, ?, ?, ?, ?)')
  const insertParticipant = sqlite.prepare('insert into session_participants (session_id, organisation_id, person_id, role) values (?, ?, ?, ?)')
  const insertPupil = sqlite.prepare(
    `insert into pupils (first_name, last_name, is_minor, school_id, level_code, school_year, consent_given_by, consent_given_on, consent_scope, consent_expires_on, anonymised_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertPlacement = sqlite.prepare(
    `insert into placements (pupil_id, school_id, level_code, host_organisation_id, kind, started_on, ended_on, tutor_person_id, tutor_name, edition_id, request_id, status, outcome)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertPair = sqlite.prepare('insert into mentoring_pairs (edition_id, mentor_person_id, mentee_pupil_id, started_on, ended_on, status, notes) values (?, ?, ?, ?, ?, ?, ?)')
  const insertMeeting = sqlite.prepare('insert into mentoring_meetings (pair_id, held_on, notes) values (?, ?, ?)')
  const setSequenceStatus = sqlite.prepare('update sequences set status = ? where id = ?')
  const setEditionStatus = sqlite.prepare('update editions set status = ? where id = ?')
  const templates = sqlite.prepare("select step_order, title, description from programme_step_templates where programme_code = 'q2er' order by step_order").all() as {
    step_order: number
    title: string
    description: string
  }[]

  const satisfaction = () => round1(3.4 + random.next() * 1.5)

  const parent = (last: string) => {
    const role = random.pick(PARENT_ROLES)
    return `${role === 'mère' ? 'Mme' : role === 'père' ? 'M.' : random.pick(['Mme', 'M.'])} ${last} (${role})`
  }

  /** Names a pupil with the least that is needed; a minor always with the parents' consent. */
  const namePupil = (school: Org, level: string, schoolYear: string, minor: boolean, scope: string, consentOn: string, anonymised: boolean) => {
    const first = random.pick(PUPIL_FIRST_NAMES)
    const last = random.pick(PUPIL_LAST_NAMES)
    if (anonymised) {
      return Number(insertPupil.run('Élève', 'anonymisé', minor ? 1 : 0, school.id, level, schoolYear, null, null, null, null, `${schoolYearBounds(schoolYear).end}T12:00:00.000Z`).lastInsertRowid)
    }
    return Number(
      insertPupil.run(
        first,
        last,
        minor ? 1 : 0,
        school.id,
        level,
        schoolYear,
        minor ? parent(last) : null,
        minor ? consentOn : null,
        minor ? scope : null,
        minor ? addDays(schoolYearBounds(schoolYear).end, 365) : null,
        null,
      ).lastInsertRowid,
    )
  }

  interface PlannedSession {
    heldOn: string
    place: string
    town: string | null
    classes: { school: Org; label: string; level: string; pupils: number }[]
    participants: { organisationId: number | null; personId: number | null; role: string }[]
    teachers: number | null
    hours: number
  }

  /** Writes a session: done with its counts and feedback when past, planned otherwise. */
  const writeSession = (sequenceId: number, planned: PlannedSession): 'realisee' | 'planifiee' => {
    const done = planned.heldOn < today
    const pupils = planned.classes.reduce((sum, row) => sum + row.pupils, 0)
    const present = done && pupils ? pupils - random.int(0, Math.min(4, Math.floor(pupils / 10))) : null
    const sessionId = Number(
      insertSession.run(
        sequenceId,
        planned.heldOn,
        planned.place,
        planned.town,
        done ? 'realisee' : 'planifiee',
        present,
        done ? planned.teachers : null,
        done ? planned.hours : null,
        done ? satisfaction() : null,
        done ? random.pick(SATISFACTION_COMMENTS) : null,
      ).lastInsertRowid,
    )
    for (const row of planned.classes) insertClass.run(sessionId, row.school.id, row.label, row.level, row.pupils)
    const seen = new Set<string>()
    for (const row of planned.participants) {
      const key = linkedActorKey(row)!
      if (seen.has(key)) continue
      seen.add(key)
      insertParticipant.run(sessionId, row.organisationId, row.personId, row.role)
    }
    return done ? 'realisee' : 'planifiee'
  }

  const speakers = (count: number) =>
    random.sample(companyPeople.length ? companyPeople : actors.people, count).map((person) => ({ organisationId: null, personId: person.id, role: 'intervenant' }))
  const firms = (count: number, role = 'entreprise') => random.sample(engagedCompanies, count).map((org) => ({ organisationId: org.id, personId: null, role }))

  /** A step: its sessions written, its status following them. */
  const writeStep = (editionId: number, order: number, title: string, description: string | null, sessions: PlannedSession[]) => {
    const sequenceId = Number(insertSequence.run(editionId, order, title, description, 'a_planifier').lastInsertRowid)
    const statuses = sessions.map((session) => writeSession(sequenceId, session))
    const status = statuses.length === 0 ? 'a_planifier' : statuses.every((value) => value === 'realisee') ? 'realisee' : 'planifiee'
    setSequenceStatus.run(status, sequenceId)
    return status
  }

  const finishEdition = (editionId: number, stepStatuses: string[]) => {
    const status = stepStatuses.every((value) => value === 'realisee') ? 'terminee' : stepStatuses.some((value) => value === 'realisee') ? 'en_cours' : 'preparation'
    setEditionStatus.run(status, editionId)
  }

  const editions: Record<string, Map<string, number>> = {}
  const addEdition = (code: string, schoolYear: string, title: string, copiedFrom: number | null, notes: string | null = null) => {
    const id = Number(insertEdition.run(programmeId.get(code)!, schoolYear, title, 'preparation', notes, copiedFrom).lastInsertRowid)
    ;(editions[code] ??= new Map()).set(schoolYear, id)
    return id
  }

  // Programme partners and referents.
  const q2er = programmeId.get('q2er')!
  insertProgrammePartner.run(q2er, mainLycee.id, null, 'partenaire')
  if (club) insertProgrammePartner.run(q2er, club, null, 'partenaire')
  const mainTownHall = townHall.get(mainLycee.town_code) as number | undefined
  if (mainTownHall) insertProgrammePartner.run(q2er, mainTownHall, null, 'partenaire')
  if (referent) insertProgrammePartner.run(q2er, null, referent, 'referent')
  const villiersHall = townHall.get('94079') as number | undefined
  if (villiersHall) insertProgrammePartner.run(programmeId.get('forum')!, villiersHall, null, 'partenaire')
  const mentoringPartner = actors.organisations.find((org) => org.profile === 'association' && org.vitawiner)
  if (mentoringPartner) insertProgrammePartner.run(programmeId.get('mentorat')!, mentoringPartner.id, null, 'partenaire')

  // Q2ER: ten school years, about 250 pupils each (nine classes met all year long).
  const placementsToWrite: { editionId: number; schoolYear: string; school: Org; level: string; kind: string; start: string; pupils: number }[] = []
  let previous: number | null = null
  for (let start = currentStart - 9; start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const current = schoolYear === currentYear
    const editionId = addEdition('q2er', schoolYear, `Q2ER ${schoolYear}`, previous, start === currentStart - 9 ? 'Édition reprise des tableaux Excel des animateurs.' : null)
    previous = editionId
    for (const [org, role] of [
      [mainLycee.id, 'etablissement'],
      [lp.id, 'etablissement'],
      [club, 'partenaire'],
      [mainTownHall, 'partenaire'],
    ] as const) {
      if (org) insertEditionPartner.run(editionId, org, null, role)
    }
    if (referent) insertEditionPartner.run(editionId, null, referent, 'referent')

    const mainClasses = Array.from({ length: 6 }, (_, i) => ({ school: mainLycee, label: `2nde ${i + 1}`, level: 'seconde', pupils: random.int(24, 31) }))
    const lpClasses = [
      { school: lp, label: '1re Commerce', level: 'premiere', pupils: random.int(22, 30) },
      { school: lp, label: '1re Logistique', level: 'premiere', pupils: random.int(22, 30) },
      { school: lp, label: 'Tle Vente', level: 'terminale', pupils: random.int(22, 30) },
    ]
    const all = [...mainClasses, ...lpClasses]
    const visited = random.sample(engagedCompanies, 2)
    const horizon = addDays(today, 60)
    const plan: PlannedSession[][] = [
      visited.map((company, i) => ({
        heldOn: dayIn(random, schoolYear, 1, 5 + i * 10, 10 + i * 10),
        place: `Visite chez ${organisationName.get(company.id) as string}`,
        town: company.town,
        classes: [],
        participants: [{ organisationId: company.id, personId: null, role: 'entreprise' }, ...speakers(1)],
        teachers: random.int(5, 9),
        hours: 3,
      })),
      [0, 1, 2].map((i) => ({
        heldOn: dayIn(random, schoolYear, 2, 4 + i * 7, 8 + i * 7),
        place: i < 2 ? mainLycee.name : lp.name,
        town: townOf(i < 2 ? mainLycee : lp),
        classes: all.slice(i * 3, i * 3 + 3),
        participants: [...speakers(random.int(2, 3)), ...firms(random.int(1, 2))],
        teachers: 3,
        hours: 6,
      })),
      [
        {
          heldOn: dayIn(random, schoolYear, 3, 4, 16),
          place: `${mainLycee.name} — salle des professeurs`,
          town: townOf(mainLycee),
          classes: [],
          participants: speakers(1),
          teachers: random.int(8, 12),
          hours: 3,
        },
      ],
      [0, 1].map((i) => ({
        heldOn: dayIn(random, schoolYear, 4 + i, 8, 22),
        place: mainLycee.name,
        town: townOf(mainLycee),
        classes: mainClasses.slice(i * 3, i * 3 + 3),
        participants: [...speakers(3), ...firms(2)],
        teachers: 3,
        hours: 4.5,
      })),
      [0, 1].map((i) => ({
        heldOn: dayIn(random, schoolYear, 6, 6 + i * 9, 12 + i * 9),
        place: i === 0 ? lp.name : mainLycee.name,
        town: townOf(i === 0 ? lp : mainLycee),
        classes: i === 0 ? lpClasses : mainClasses.slice(0, 2),
        participants: speakers(random.int(4, 6)),
        teachers: i === 0 ? 3 : 2,
        hours: 9,
      })),
      [
        {
          heldOn: dayIn(random, schoolYear, 8, 11, 15),
          place: 'Entreprises du réseau',
          town: null,
          classes: lpClasses.slice(0, 2),
          participants: firms(random.int(5, 8)),
          teachers: 2,
          hours: 35,
        },
      ],
      [
        {
          heldOn: dayIn(random, schoolYear, 9, 8, 20),
          place: 'Hôtel de territoire (fictif), Champigny-sur-Marne',
          town: '94017',
          classes: all,
          participants: [...firms(random.int(6, 10)), ...speakers(2)],
          teachers: random.int(8, 12),
          hours: 3,
        },
      ],
    ]
    const statuses = templates.map((step, index) => {
      const sessions = (plan[index] ?? []).filter((session) => !current || session.heldOn <= horizon).sort((a, b) => a.heldOn.localeCompare(b.heldOn))
      return writeStep(editionId, step.step_order, step.title, step.description, sessions)
    })
    finishEdition(editionId, statuses)
    // Step 6: the internships of the classes of the professional lycée (PFMP) and a few seconde.
    const stageStart = plan[5]![0]!.heldOn
    if (!current || stageStart <= horizon) {
      placementsToWrite.push({ editionId, schoolYear, school: lp, level: 'premiere', kind: 'pfmp', start: stageStart, pupils: random.int(4, 6) })
      placementsToWrite.push({ editionId, schoolYear, school: mainLycee, level: 'seconde', kind: 'stage_seconde', start: dayIn(random, schoolYear, 9, 15, 19), pupils: random.int(2, 3) })
    }
  }

  // Internships: named (with consent) for the last two school years, anonymous before.
  const recentYears = new Set([currentYear, yearOf(currentStart - 1)])
  for (const batch of placementsToWrite) {
    for (let n = 0; n < batch.pupils; n++) {
      const host = random.pick(engagedCompanies)
      const started = addDays(batch.start, n % 2)
      const ended = addDays(started, batch.kind === 'pfmp' ? 25 : 11)
      const named = recentYears.has(batch.schoolYear) && n % 2 === 0
      const pupilId = named
        ? namePupil(batch.school, batch.level, batch.schoolYear, true, 'Stage en entreprise (Q2ER) : nom, établissement et dates transmis à la structure d’accueil', addDays(started, -30), false)
        : null
      const tutors = peopleByOrganisation.get(host.id)
      const status = started > today ? 'prevu' : ended >= today ? 'en_cours' : 'termine'
      insertPlacement.run(
        pupilId,
        batch.school.id,
        batch.level,
        host.id,
        batch.kind,
        started,
        ended,
        tutors?.[0] ?? null,
        tutors ? null : `${random.pick(['Mme', 'M.'])} ${random.pick(PUPIL_LAST_NAMES)} (fictif)`,
        batch.editionId,
        null,
        status,
        status === 'termine' ? random.pick(PLACEMENT_OUTCOMES) : null,
      )
    }
  }
  // Observation internships of 3e pupils of the two collèges of Villiers-sur-Marne, in December.
  for (const schoolYear of recentYears) {
    villiers.forEach((college, c) => {
      const started = dayIn(random, schoolYear, 3, 7, 11)
      for (let n = 0; n < 3; n++) {
        const host = random.pick(engagedCompanies)
        const named = n === 0
        const pupilId = named
          ? namePupil(college, '3e', schoolYear, true, "Stage d'observation de 3e : nom et établissement transmis à l'entreprise d'accueil", addDays(started, -25 - c), false)
          : null
        const ended = addDays(started, 4)
        const status = started > today ? 'prevu' : ended >= today ? 'en_cours' : 'termine'
        const tutors = peopleByOrganisation.get(host.id)
        insertPlacement.run(pupilId, college.id, '3e', host.id, 'stage_3e', started, ended, tutors?.[0] ?? null, null, null, null, status, status === 'termine' ? random.pick(PLACEMENT_OUTCOMES) : null)
      }
    })
  }

  // Work-study contracts of BTS students (adults, named without parental consent).
  const btsSchool = lps[1] ?? lp
  for (let n = 0; n < 3; n++) {
    const host = random.pick(engagedCompanies)
    const started = `${currentStart}-09-${String(15 + n).padStart(2, '0')}`
    const pupilId = namePupil(btsSchool, 'bts', currentYear, false, '', started, false)
    insertPlacement.run(pupilId, btsSchool.id, 'bts', host.id, 'alternance', started, `${currentStart + 2}-06-30`, peopleByOrganisation.get(host.id)?.[0] ?? null, null, null, null, started > today ? 'prevu' : 'en_cours', null)
  }

  // Conferences « À la rencontre de l'entreprise »: three a year, about 100 pupils and students.
  const conferenceSchool = lycees.find((school) => school.id !== mainLycee.id) ?? mainLycee
  previous = null
  for (let start = currentStart - 2; start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const editionId = addEdition('conferences', schoolYear, `Conférences ${schoolYear}`, previous)
    previous = editionId
    insertEditionPartner.run(editionId, conferenceSchool.id, null, 'etablissement')
    const statuses = CONFERENCE_TOPICS.map((topic, index) =>
      writeStep(editionId, index + 1, `Conférence ${index + 1} — ${topic}`, null, [
        {
          heldOn: dayIn(random, schoolYear, [2, 5, 7][index]!, 6, 20),
          place: `${conferenceSchool.name} — amphithéâtre`,
          town: townOf(conferenceSchool),
          classes: [
            { school: conferenceSchool, label: `Tle ${index * 2 + 1}`, level: 'terminale', pupils: random.int(26, 32) },
            ...(index === 2 ? [] : [{ school: lp, label: `BTS ${['MCO', 'NDRC'][index]}`, level: 'bts', pupils: random.int(14, 22) }]),
          ],
          participants: [...speakers(random.int(2, 3)), ...firms(1)],
          teachers: 2,
          hours: 2,
        },
      ]),
    )
    finishEdition(editionId, statuses)
  }

  // Mentoring: about ten pairs a year (seconde, première, BTS), with their monthly meetings.
  const mentors = random.sample(companyPeople.length ? companyPeople : actors.people, 14)
  previous = null
  for (let start = currentStart - 2; start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const editionId = addEdition('mentorat', schoolYear, `Mentorat ${schoolYear}`, previous)
    previous = editionId
    if (mentoringPartner) insertEditionPartner.run(editionId, mentoringPartner.id, null, 'partenaire')
    const pairs = start === currentStart ? 10 : 9
    const launch = dayIn(random, schoolYear, 1, 8, 14)
    const yearMentors = Array.from({ length: pairs }, (_, n) => mentors[(n + start) % mentors.length]!)
    const present = yearMentors.map((mentor) => ({ organisationId: null, personId: mentor.id, role: 'intervenant' }))
    const statuses = [
      writeStep(editionId, 1, 'Lancement des binômes', 'Rencontre des mentors et des mentorés.', [
        { heldOn: launch, place: mainLycee.name, town: townOf(mainLycee), classes: [], participants: present, teachers: 2, hours: 2 },
      ]),
      writeStep(editionId, 2, "Bilan de l'année", null, [
        { heldOn: dayIn(random, schoolYear, 9, 4, 12), place: 'Tiers-lieu La Fabrique (fictif), Vincennes', town: '94080', classes: [], participants: present, teachers: 2, hours: 2 },
      ]),
    ]
    finishEdition(editionId, statuses)
    const anonymised = !recentYears.has(schoolYear)
    const yearEnd = schoolYearBounds(schoolYear).end
    for (let n = 0; n < pairs; n++) {
      const mentor = yearMentors[n]!
      const level = ['seconde', 'premiere', 'bts'][n % 3]!
      const school = level === 'bts' ? lp : level === 'seconde' ? mainLycee : conferenceSchool
      const started = addDays(launch, random.int(0, 14))
      if (started > today) continue
      const menteeId = namePupil(school, level, schoolYear, level !== 'bts', 'Mentorat : nom, établissement et niveau partagés avec le mentor', addDays(started, -20), anonymised)
      const ended = yearEnd < today ? addDays(yearEnd, -60) : null
      const status = ended ? (n === 4 ? 'interrompu' : 'termine') : 'actif'
      const pairId = Number(insertPair.run(editionId, mentor.id, menteeId, started, ended, status, n === 4 && ended ? 'Le mentoré a changé d’établissement.' : null).lastInsertRowid)
      for (let date = addDays(started, 21); date <= (ended ?? today) && date < today; date = addDays(date, random.int(26, 38))) {
        insertMeeting.run(pairId, date, random.pick(MEETING_NOTES))
      }
    }
  }

  // Career forum for the 4e classes of two collèges in Villiers-sur-Marne.
  previous = null
  for (let start = currentStart - 3; start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const editionId = addEdition('forum', schoolYear, `Forum des métiers ${schoolYear}`, previous)
    previous = editionId
    for (const school of villiers) insertEditionPartner.run(editionId, school.id, null, 'etablissement')
    if (villiersHall) insertEditionPartner.run(editionId, villiersHall, null, 'partenaire')
    const classes = villiers.flatMap((school) => ['A', 'B', 'C', 'D'].map((letter) => ({ school, label: `4e ${letter}`, level: '4e', pupils: random.int(22, 28) })))
    const statuses = [
      writeStep(editionId, 1, 'Préparation en classe', 'Fiches métiers préparées par les élèves.', []),
      writeStep(editionId, 2, 'Forum des métiers', null, [
        {
          heldOn: dayIn(random, schoolYear, 6, 10, 24),
          place: 'Gymnase (fictif) de Villiers-sur-Marne',
          town: '94079',
          classes,
          participants: [...firms(random.int(10, 14)), ...speakers(4)],
          teachers: 8,
          hours: 4,
        },
      ]),
    ]
    // The preparation is done once the forum is.
    if (statuses[1] === 'realisee') sqlite.prepare("update sequences set status = 'realisee' where edition_id = ? and step_order = 1").run(editionId)
    finishEdition(editionId, statuses[1] === 'realisee' ? ['realisee'] : statuses)
  }

  // The network's yearly afterwork and the CLEE committees (since 2022).
  previous = null
  for (let start = currentStart - 3; start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const editionId = addEdition('afterwork', schoolYear, `Afterwork ${schoolYear}`, previous)
    previous = editionId
    const guests = random.sample(vitawiners.length ? vitawiners : actors.organisations, 30).map((org) => ({
      organisationId: org.id,
      personId: null,
      role: org.profile === 'entreprise' ? 'entreprise' : 'accompagnateur',
    }))
    const status = writeStep(editionId, 1, 'Afterwork du réseau', null, [
      { heldOn: dayIn(random, schoolYear, 9, 14, 26), place: 'Tiers-lieu La Fabrique (fictif), Vincennes', town: '94080', classes: [], participants: [...guests, ...speakers(2)], teachers: null, hours: 3 },
    ])
    finishEdition(editionId, [status])
  }
  previous = null
  for (let start = Math.max(2022, currentStart - 3); start <= currentStart; start++) {
    const schoolYear = yearOf(start)
    const editionId = addEdition('clee', schoolYear, `CLEE ${schoolYear}`, previous)
    previous = editionId
    const members = [...random.sample(schools, 3).map((school) => ({ organisationId: school.id, personId: null, role: 'accompagnateur' })), ...firms(4)]
    const statuses = [0, 1].map((index) =>
      writeStep(editionId, index + 1, `Comité local école–entreprise — ${index === 0 ? 'automne' : 'printemps'}`, null, [
        { heldOn: dayIn(random, schoolYear, index === 0 ? 2 : 7, 5, 25), place: 'Hôtel de territoire (fictif), Champigny-sur-Marne', town: '94017', classes: [], participants: members, teachers: 3, hours: 2 },
      ]),
    )
    finishEdition(editionId, statuses)
  }

  // What the working groups' proposed actions became.
  const link = sqlite.prepare('update proposed_actions set edition_id = ? where title = ?')
  link.run(editions.forum?.get(currentYear) ?? null, 'Forum des métiers itinérant')
  link.run(editions.mentorat?.get(currentYear) ?? null, 'Mentorat d’élèves de seconde')
  link.run(editions.q2er?.get(currentYear) ?? null, 'Simulation d’entretiens en lycée professionnel')

  // Schools' requests matched with offers: candidates contacted, answers recorded.
  const requests = sqlite.prepare('select id, organisation_id, kind, title, school_level, quantity, status from actor_requests order by id').all() as {
    id: number
    organisation_id: number | null
    kind: string
    title: string
    school_level: string | null
    quantity: number | null
    status: string
  }[]
  const offersOf = sqlite.prepare(
    `select id, organisation_id, person_id, capacity from engagement_offers where active = 1 and organisation_id is not null and offer_type_code in (select value from json_each(?)) order by id`,
  )
  const insertInteraction = sqlite.prepare(
    `insert into interactions (organisation_id, person_id, contact_person_id, kind, occurred_on, animator, summary, next_step, next_step_due_on, next_step_done_on)
     values (?, ?, null, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertCandidate = sqlite.prepare('insert into request_candidates (request_id, offer_id, organisation_id, person_id, interaction_id, contacted_on, response, quantity) values (?, ?, ?, ?, ?, ?, ?, ?)')
  const schoolById = new Map(schools.map((school) => [school.id, school]))
  const setRequestStatus = sqlite.prepare('update actor_requests set status = ? where id = ?')
  for (const request of requests) {
    if (request.status === 'ouverte' || request.status === 'abandonnee') continue
    const offers = offersOf.all(JSON.stringify(OFFER_TYPES_FOR_REQUEST[request.kind as RequestKind] ?? [])) as { id: number; organisation_id: number; person_id: null; capacity: number | null }[]
    const distinct = [...new Map(offers.filter((offer) => offer.organisation_id !== request.organisation_id).map((offer) => [offer.organisation_id, offer])).values()]
    if (distinct.length === 0) continue
    const chosen = random.sample(distinct, random.int(1, 3))
    let left = request.quantity ?? 1
    chosen.forEach((offer, index) => {
      const contactedOn = addDays(today, -random.int(5, 40))
      const last = index === chosen.length - 1
      const response = request.status === 'satisfaite' ? (last || random.chance(0.6) ? 'accepte' : 'refuse') : random.pick(['en_attente', 'en_attente', 'refuse'])
      // Each host gives what its offer allows.
      const quantity = response === 'accepte' ? Math.max(1, Math.min(left, offer.capacity ?? 3)) : null
      if (quantity) left = Math.max(0, left - quantity)
      const followUp = addDays(contactedOn, 7)
      const interactionId = Number(
        insertInteraction.run(
          offer.organisation_id,
          null,
          random.pick(['appel', 'email']),
          contactedOn,
          random.pick(ANIMATORS),
          `Sollicité pour la demande « ${request.title} » de ${schoolById.get(request.organisation_id ?? -1)?.name ?? 'un établissement'}.`,
          `Obtenir la réponse à la demande « ${request.title} »`,
          followUp,
          response === 'en_attente' ? null : followUp < today ? followUp : today,
        ).lastInsertRowid,
      )
      insertCandidate.run(request.id, offer.id, offer.organisation_id, null, interactionId, contactedOn, response, quantity)
      // Internship places found at a company: anonymous pupils of 3e or seconde.
      const school = schoolById.get(request.organisation_id ?? -1)
      const kind = request.school_level === '3e' ? 'stage_3e' : request.school_level === 'seconde' ? 'stage_seconde' : null
      if (response === 'accepte' && request.kind === 'stage' && school && kind && profileOf.get(offer.organisation_id) === 'entreprise') {
        const started = addDays(today, random.int(20, 60))
        for (let n = 0; n < Math.min(quantity ?? 1, 3); n++) {
          insertPlacement.run(null, school.id, request.school_level, offer.organisation_id, kind, started, addDays(started, 4), null, null, null, request.id, 'prevu', null)
        }
      }
    })
    // The request's status follows its answers (a request marked « satisfaite » without enough places is still in progress).
    const accepted = (request.quantity ?? 1) - left
    const status = request.quantity ? (accepted >= request.quantity ? 'satisfaite' : 'en_cours') : accepted > 0 ? 'satisfaite' : 'en_cours'
    if (status !== request.status) setRequestStatus.run(status, request.id)
  }
}
