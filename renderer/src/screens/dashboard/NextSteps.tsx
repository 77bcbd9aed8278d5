import { Anchor, Card, Group, List, Text, ThemeIcon, Title } from '@mantine/core'
import { IconCheck, IconPoint } from '@tabler/icons-react'
import { Link } from 'react-router'

// What the team has not started yet, each with where to start it: the dashboard says what to do
// next rather than showing zeros. The record tables are those of db/sqlite/maintenance.ts.

interface Step {
  tables: string[]
  done: string
  todo: string
  action: { label: string; to: string }
}

const STEPS: Step[] = [
  {
    tables: ['organisations', 'people'],
    done: 'L’annuaire est commencé.',
    todo: 'Constituer l’annuaire : importez vos fichiers ou le répertoire SIRENE, ou créez les fiches une à une.',
    action: { label: 'Importer', to: '/acteurs/import' },
  },
  {
    tables: ['interactions'],
    done: 'Des échanges sont notés au journal.',
    todo: 'Noter les rencontres, appels et courriels au journal d’un acteur, avec la prochaine étape : les relances viennent de là.',
    action: { label: 'Ouvrir l’annuaire', to: '/acteurs' },
  },
  {
    tables: ['working_groups'],
    done: 'Un groupe de travail est suivi.',
    todo: 'Créer un groupe de travail : son thème, ses pilotes, ses membres et ses réunions.',
    action: { label: 'Groupes de travail', to: '/groupes' },
  },
  {
    tables: ['copil_members', 'copil_sessions', 'copil_decisions'],
    done: 'Le COPIL est en place.',
    todo: 'Déclarer les membres du COPIL, puis préparer sa prochaine séance et son registre des décisions.',
    action: { label: 'COPIL', to: '/copil/membres' },
  },
  {
    tables: ['editions', 'placements', 'mentoring_pairs'],
    done: 'Un programme est suivi.',
    todo: 'Ouvrir l’édition de l’année d’un programme (Q2ER, mentorat…) : ses séances, ses classes, ses stages.',
    action: { label: 'Programmes', to: '/programmes' },
  },
  {
    tables: ['indicator_targets', 'indicator_values', 'impact_narratives'],
    done: 'Les indicateurs ont leurs cibles.',
    todo: 'Fixer les cibles de l’année scolaire pour les indicateurs suivis par le COPIL et les financeurs.',
    action: { label: 'Indicateurs', to: '/indicateurs' },
  },
]

export function NextSteps({ filled }: { filled: string[] }) {
  const started = (step: Step) => step.tables.some((table) => filled.includes(table))
  if (STEPS.every(started)) return null
  const remaining = STEPS.filter((step) => !started(step)).length
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="next-steps-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="next-steps-title">
          Pour bien démarrer
        </Title>
        <Text size="sm" c="dimmed">
          {remaining === 1 ? 'Une étape à faire' : `${remaining} étapes à faire`} sur {STEPS.length}
        </Text>
      </Group>
      <List spacing="xs" size="sm" center>
        {STEPS.map((step) => {
          const done = started(step)
          return (
            <List.Item
              key={step.action.to}
              icon={
                <ThemeIcon size={22} radius="xl" variant={done ? 'filled' : 'light'} color={done ? 'teal' : 'gray'} aria-label={done ? 'Fait' : 'À faire'}>
                  {done ? <IconCheck size={14} /> : <IconPoint size={14} />}
                </ThemeIcon>
              }
            >
              {done ? (
                <Text size="sm" c="dimmed">
                  {step.done}
                </Text>
              ) : (
                <Text size="sm">
                  {step.todo}{' '}
                  <Anchor component={Link} to={step.action.to} size="sm" fw={600}>
                    {step.action.label}
                  </Anchor>
                </Text>
              )}
            </List.Item>
          )
        })}
      </List>
    </Card>
  )
}
