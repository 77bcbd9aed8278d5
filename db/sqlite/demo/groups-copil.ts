import type BetterSqlite3 from 'better-sqlite3'
import type { SeededActors } from './actors'
import type { Random } from './random'

// Working groups and the COPIL of the demo dataset: the 2012 and 2019 groups of the seeds, a
// current one, and COPIL sessions twice a year with decisions at every stage.

const GROUPS: { name: string; theme: string; start: string; end: string | null; status: string }[] = [
  { name: 'Insertion des jeunes', theme: 'Agir ensemble en territoire — insertion des jeunes', start: '2012-10-01', end: '2013-06-30', status: 'termine' },
  { name: 'Handicap', theme: 'Agir ensemble en territoire — handicap', start: '2012-10-01', end: '2013-06-30', status: 'termine' },
  { name: 'Lutte contre la précarité', theme: 'Agir ensemble en territoire — précarité', start: '2012-10-01', end: '2013-06-30', status: 'termine' },
  { name: 'Se connaître', theme: 'Vitawin — interconnaissance des acteurs', start: '2019-03-01', end: '2019-12-15', status: 'termine' },
  { name: 'Agir ensemble', theme: 'Vitawin — actions communes écoles / entreprises', start: '2019-03-01', end: '2019-12-15', status: 'termine' },
  { name: 'Accompagner les acteurs', theme: 'Vitawin — accompagnement des acteurs engagés', start: '2019-03-01', end: '2019-12-15', status: 'termine' },
  { name: 'Stages de 3e pour tous', theme: 'Trouver un stage d’observation à chaque élève de 3e', start: '', end: null, status: 'actif' },
]

const PLACES = ['Tiers-lieu La Fabrique (fictif), Vincennes', 'Espace de coworking (fictif), Nogent-sur-Marne', 'Hôtel de territoire, Champigny-sur-Marne', 'Pépinière d’entreprises (fictive), Fontenay-sous-Bois']

const ACTION_IDEAS = [
  'Annuaire partagé des offres de stage',
  'Parrainage de collégiens par des chefs d’entreprise',
  'Journée « portes ouvertes » des entreprises du territoire',
  'Formation des professeurs à la connaissance de l’entreprise',
  'Forum des métiers itinérant',
  'Café des entrepreneurs mensuel',
  'Guide de l’accueil d’un stagiaire en situation de handicap',
  'Bourse aux locaux associatifs',
  'Mentorat d’élèves de seconde',
  'Simulation d’entretiens en lycée professionnel',
]

const DECISION_TEXTS: [string, string][] = [
  ['strategie', 'Adopter la feuille de route du réseau pour les deux années à venir.'],
  ['developpement_reseau', 'Étendre la démarche aux collèges des 13 communes.'],
  ['developpement_reseau', 'Organiser un afterwork annuel des Vitawiners.'],
  ['budget', 'Consacrer une enveloppe au forum des métiers et au transport des élèves.'],
  ['strategie', 'Mesurer l’impact du réseau selon la méthode du RAMEAU (performance, innovation, confiance).'],
  ['developpement_reseau', 'Associer les clubs d’entreprises du territoire au COPIL.'],
  ['budget', 'Solliciter le Fonds ODD17 pour l’ingénierie d’alliance.'],
]

const FOLLOWUP_NOTES: Record<string, string[]> = {
  en_cours: ['Premiers contacts pris, calendrier arrêté.', 'Lancement effectif, deux partenaires engagés.'],
  realisee: ['Action menée à son terme, bilan présenté en séance.', 'Objectif atteint, à reconduire l’an prochain.'],
  reportee: ['Reporté faute de disponibilité des partenaires.', 'Décalé au prochain semestre, budget non encore voté.'],
  abandonnee: ['Abandonné : besoin couvert par un autre dispositif.'],
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() + days)
  return value.toISOString().slice(0, 10)
}

export function seedGroupsAndCopil(sqlite: BetterSqlite3.Database, random: Random, actors: SeededActors, today: string): void {
  const associations = actors.organisations.filter((org) => org.profile === 'association')
  const companies = actors.organisations.filter((org) => org.profile === 'entreprise')
  const engaged = actors.organisations.filter((org) => org.vitawiner)
  const pick = <T>(items: T[], fallback: T[]) => random.pick(items.length > 0 ? items : fallback)

  const insertGroup = sqlite.prepare(
    `insert into working_groups (name, theme, description, started_on, ended_on, status, pilot_association_id, pilot_company_id, facilitator_name)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertMember = sqlite.prepare('insert into group_members (group_id, organisation_id, person_id, role, joined_on) values (?, ?, ?, ?, ?)')
  const insertMeeting = sqlite.prepare('insert into group_meetings (group_id, held_on, place, agenda, minutes) values (?, ?, ?, ?, ?)')
  const insertAttendance = sqlite.prepare('insert into meeting_attendance (meeting_id, organisation_id, person_id, status) values (?, ?, ?, ?)')
  const insertAction = sqlite.prepare(
    'insert into proposed_actions (group_id, title, description, organisation_id, status, proposed_on) values (?, ?, ?, ?, ?, ?)',
  )

  const proposals: { id: number; proposedOn: string; organisationId: number; title: string }[] = []
  for (const spec of GROUPS) {
    const start = spec.start || addDays(today, -random.int(60, 90))
    const association = pick(associations.filter((org) => org.vitawiner), associations)
    const company = pick(companies.filter((org) => org.vitawiner), companies)
    const groupId = Number(
      insertGroup.run(spec.name, spec.theme, 'Groupe de travail fictif de démonstration.', start, spec.end, spec.status, association.id, company.id, 'Cabinet Alliances (fictif)').lastInsertRowid,
    )
    const members = [association, company, ...random.sample(engaged.length > 10 ? engaged : actors.organisations, random.int(5, 9))]
    const unique = [...new Map(members.map((org) => [org.id, org])).values()]
    unique.forEach((org, index) => insertMember.run(groupId, org.id, null, index < 2 ? 'Pilote' : 'Membre', start))
    const meetingCount = spec.status === 'actif' ? 2 : 3
    for (let n = 0; n < meetingCount; n++) {
      const heldOn = spec.status === 'actif' ? addDays(start, 20 + n * 30) : addDays(start, 30 + n * 70)
      if (heldOn > today) break
      const minutes = `## Réunion ${n + 1} du groupe « ${spec.name} »\n\n### Points abordés\n\n- Tour de table des participants\n- ${random.pick(ACTION_IDEAS)}\n- Calendrier des prochaines étapes\n\n### Décisions du groupe\n\n1. Préparer une fiche action pour le COPIL\n2. Inviter de nouveaux acteurs à la prochaine réunion\n`
      const meetingId = Number(insertMeeting.run(groupId, heldOn, random.pick(PLACES), 'Tour de table ; avancement des pistes ; prochaines étapes', minutes).lastInsertRowid)
      for (const org of unique) insertAttendance.run(meetingId, org.id, null, random.chance(0.75) ? 'present' : random.chance(0.6) ? 'excuse' : 'absent')
    }
    for (const idea of random.sample(ACTION_IDEAS, random.int(2, 4))) {
      const carrier = random.pick(unique)
      const proposedOn = addDays(start, 120)
      const id = Number(insertAction.run(groupId, idea, 'Piste proposée par le groupe (fictive).', carrier.id, 'proposee', proposedOn <= today ? proposedOn : start).lastInsertRowid)
      proposals.push({ id, proposedOn, organisationId: carrier.id, title: idea })
    }
  }

  // COPIL members: institutions and a few engaged associations and companies.
  const insertCopilMember = sqlite.prepare('insert into copil_members (organisation_id, representative_name, started_on) values (?, ?, ?)')
  const institutions = actors.organisations.filter((org) => org.profile === 'institution' || org.profile === 'collectivite').slice(0, 6)
  const copilMembers = [...institutions, ...random.sample(associations.filter((org) => org.vitawiner), 2), ...random.sample(companies.filter((org) => org.vitawiner), 2)]
  for (const org of copilMembers) insertCopilMember.run(org.id, `${random.pick(['Mme', 'M.'])} ${random.pick(['Durand', 'Leroy', 'Moreau', 'Fontaine', 'Benali', 'Nguyen', 'Dupont'])} (fictif)`, '2019-01-15')

  // Sessions twice a year up to today, and the next one ahead.
  const insertSession = sqlite.prepare('insert into copil_sessions (reference, held_on, place, status, minutes) values (?, ?, ?, ?, ?)')
  const insertAgenda = sqlite.prepare('insert into copil_agenda_items (session_id, position, title) values (?, ?, ?)')
  const insertCopilAttendance = sqlite.prepare('insert into copil_attendance (session_id, organisation_id, status) values (?, ?, ?)')
  const insertDecision = sqlite.prepare(
    `insert into copil_decisions (reference, session_id, text, kind, organisation_id, due_on, status) values (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertFollowup = sqlite.prepare('insert into decision_followups (decision_id, session_id, recorded_on, status, note) values (?, ?, ?, ?, ?)')
  const setDecisionStatus = sqlite.prepare('update copil_decisions set status = ? where id = ?')
  const retain = sqlite.prepare("update proposed_actions set decision_id = ?, status = ? where id = ?")

  const dates: string[] = []
  for (let date = '2019-10-10'; date <= today; date = addDays(date, 182)) dates.push(date)
  const next = addDays(today, 21)
  const open: { id: number; status: string; proposal?: number }[] = []
  const usedReferences = new Set<string>()
  for (const [index, heldOn] of [...dates, next].entries()) {
    const held = heldOn <= today
    let reference = `COPIL-${heldOn.slice(0, 7)}`
    if (usedReferences.has(reference)) reference = `${reference}-2`
    usedReferences.add(reference)
    const sessionId = Number(
      insertSession.run(reference, heldOn, random.pick(PLACES), held ? 'tenue' : 'prevue', held ? `## Relevé de décisions\n\nSéance fictive de démonstration n° ${index + 1}.` : null).lastInsertRowid,
    )
    ;['Suivi des décisions précédentes', 'Retour des groupes de travail', 'Actions soutenues et budget', 'Questions diverses'].forEach((title, position) => insertAgenda.run(sessionId, position + 1, title))
    if (!held) continue
    for (const org of copilMembers) insertCopilAttendance.run(sessionId, org.id, random.chance(0.8) ? 'present' : 'excuse')

    // Follow-up of the open decisions taken earlier.
    for (const decision of [...open]) {
      if (!random.chance(0.7)) continue
      const nextStatus = decision.status === 'a_lancer' ? random.pick(['en_cours', 'en_cours', 'reportee']) : random.pick(['realisee', 'realisee', 'en_cours', 'abandonnee'])
      if (nextStatus === decision.status) continue
      insertFollowup.run(decision.id, sessionId, heldOn, nextStatus, random.pick(FOLLOWUP_NOTES[nextStatus] ?? ['Point d’étape en séance.']))
      setDecisionStatus.run(nextStatus, decision.id)
      if (decision.proposal) retain.run(decision.id, { en_cours: 'en_oeuvre', realisee: 'realisee', abandonnee: 'abandonnee' }[nextStatus] ?? 'retenue', decision.proposal)
      decision.status = nextStatus
      if (nextStatus === 'realisee' || nextStatus === 'abandonnee') open.splice(open.indexOf(decision), 1)
    }

    // New decisions, some of them retaining a proposed action of a working group.
    let number = 0
    const ready = proposals.filter((proposal) => proposal.proposedOn <= heldOn)
    for (let k = 0; k < random.int(1, 3); k++) {
      const proposal = random.chance(0.5) && ready.length > 0 ? ready.splice(random.int(0, ready.length - 1), 1)[0] : undefined
      if (proposal) proposals.splice(proposals.indexOf(proposal), 1)
      const [kind, text] = proposal ? ['action_soutenue', `Soutenir l’action «\u00a0${proposal.title}\u00a0» proposée par un groupe de travail.`] : random.pick(DECISION_TEXTS)
      const id = Number(
        insertDecision.run(`${reference}-D${++number}`, sessionId, text, kind, proposal ? proposal.organisationId : random.pick(copilMembers).id, addDays(heldOn, random.int(60, 240)), 'a_lancer').lastInsertRowid,
      )
      if (proposal) retain.run(id, 'retenue', proposal.id)
      open.push({ id, status: 'a_lancer', proposal: proposal?.id })
    }
  }
}
