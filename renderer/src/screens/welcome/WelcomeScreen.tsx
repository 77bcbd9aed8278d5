import { Anchor, Button, Card, Group, List, Modal, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconBuildingFactory2, IconFileSpreadsheet, IconFlask, IconUsersGroup, type Icon } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useApiQuery } from '../../api/hooks'
import { useSwitchDatabase, type DatabaseState } from '../../app/database'
import { TeamDatabaseForm } from '../../components/TeamDatabaseForm'
import { SIRENE_DATASET_URL, useImportRoads } from './roads'

// The first screen of a new database: three roads to the team's data, instead of a dashboard of
// zeros, and the way to the team's shared database when the team already has one.

/** « Rejoindre la base de l'équipe »: the connection form of Paramètres → Base de données, in a dialog. */
function JoinTeam({ database, busy }: { database: DatabaseState; busy: boolean }) {
  const [opened, setOpened] = useState(false)
  return (
    <Card component="section" aria-labelledby="road-team" withBorder padding="lg" radius="md">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 480px' }}>
          <ThemeIcon variant="light" size={40} radius="xl" aria-hidden>
            <IconUsersGroup size={24} stroke={1.5} />
          </ThemeIcon>
          <Stack gap={2}>
            <Title order={3} size="h4" id="road-team">
              Rejoindre la base de l'équipe
            </Title>
            <Text size="sm">
              Votre équipe travaille déjà sur une base partagée (PostgreSQL, installée par le service informatique) ? Connectez ce poste : vous
              retrouvez les fiches, les échanges et les décisions de chacun.
            </Text>
          </Stack>
        </Group>
        <Button variant="default" leftSection={<IconUsersGroup size={16} />} onClick={() => setOpened(true)} disabled={busy}>
          Rejoindre la base de l'équipe
        </Button>
      </Group>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Rejoindre la base de l'équipe" size="lg" closeButtonProps={{ 'aria-label': 'Fermer' }}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Le service informatique vous donne le serveur, la base, l'utilisateur et son mot de passe.
            {database.passwordNotKept ? '' : ' Le mot de passe est conservé chiffré par le trousseau du système, jamais en clair.'}
          </Text>
          <TeamDatabaseForm state={database} idPrefix="welcome-team" onConnected={() => setOpened(false)} />
        </Stack>
      </Modal>
    </Card>
  )
}

function Road({ id, icon: IconComponent, title, summary, details, action }: { id: string; icon: Icon; title: string; summary: string; details: ReactNode[]; action: ReactNode }) {
  return (
    <Card component="article" aria-labelledby={id} withBorder padding="lg" radius="md" style={{ display: 'flex', flexDirection: 'column' }}>
      <Stack gap="sm" style={{ flex: 1 }}>
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size={40} radius="xl" aria-hidden>
            <IconComponent size={24} stroke={1.5} />
          </ThemeIcon>
          <Title order={3} size="h4" id={id}>
            {title}
          </Title>
        </Group>
        <Text size="sm">{summary}</Text>
        <List size="sm" spacing={4} c="gray.8" style={{ flex: 1 }}>
          {details.map((detail, index) => (
            <List.Item key={index}>{detail}</List.Item>
          ))}
        </List>
        {action}
      </Stack>
    </Card>
  )
}

export function WelcomeScreen({ database }: { database: DatabaseState }) {
  const roads = useImportRoads()
  const territory = useApiQuery('territory.get')
  const { open, phase, busy } = useSwitchDatabase()
  const towns = territory.data ? `des ${territory.data.towns.length} communes du territoire` : 'des communes du territoire'
  return (
    <Stack maw={1240} gap="lg">
      <Stack gap={4}>
        <Title order={2}>Bienvenue dans Vitawin Back-office</Title>
        <Text>
          La base de votre équipe est encore vide. Trois façons de commencer, qui se complètent : vos propres fichiers, le répertoire des entreprises du
          territoire, ou un tour de l'application sur des données fictives.
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Road
          id="road-files"
          icon={IconFileSpreadsheet}
          title="Importer vos fichiers"
          summary="Les listes que l'équipe tient aujourd'hui : partenaires, adhérents, contacts des établissements."
          details={[
            'Un classeur Excel (.xlsx), LibreOffice (.ods) ou un fichier CSV : une ligne par organisation (avec son contact) ou par personne, même sous un titre ou avec une ligne de total.',
            'Les colonnes sont reconnues d’après leurs titres (Nom, Ville, SIRET, Courriel…), à corriger si besoin.',
            'Un aperçu avant tout enregistrement, et une sauvegarde juste avant.',
          ]}
          action={
            <Button onClick={roads.files} disabled={busy}>
              Importer vos fichiers
            </Button>
          }
        />
        <Road
          id="road-sirene"
          icon={IconBuildingFactory2}
          title="Importer le répertoire SIRENE"
          summary={`Les établissements d'entreprises actifs ${towns}, ajoutés à l'annuaire comme prospects.`}
          details={[
            'Le fichier « StockEtablissement » de l’INSEE, publié chaque mois : tous les établissements de France.',
            <>
              Sur data.gouv.fr :{' '}
              <Anchor href={SIRENE_DATASET_URL} target="_blank" rel="noreferrer" size="sm">
                Base Sirene des entreprises et de leurs établissements (SIREN, SIRET)
              </Anchor>
              , fichier stock des établissements (une archive ZIP de plusieurs Go, à décompresser).
            </>,
            'Le temps du téléchargement, puis quelques minutes d’import ; un nouvel import met les fiches à jour.',
          ]}
          action={
            <Button
              variant="light"
              disabled={busy}
              onClick={roads.sirene}
            >
              Importer le répertoire SIRENE
            </Button>
          }
        />
        <Road
          id="road-demo"
          icon={IconFlask}
          title="Découvrir avec des données de démonstration"
          summary="Un réseau fictif mais réaliste pour essayer chaque écran sans risque : acteurs, journal, groupes, COPIL, programmes, indicateurs."
          details={[
            'Dans un fichier à part : vos données ne sont ni ouvertes ni modifiées.',
            'Un bandeau « Données de démonstration — fictives » le rappelle ; un clic vous ramène à vos données.',
            'Prête en quelques secondes, supprimable dans Paramètres → Général.',
          ]}
          action={
            <Button color="yellow" autoContrast onClick={() => open.mutate('demo')} loading={open.isPending} disabled={busy && !open.isPending}>
              {database.demoExists ? 'Rouvrir la démonstration' : 'Découvrir la démonstration'}
            </Button>
          }
        />
      </SimpleGrid>
      {phase && (
        <Text size="sm" aria-live="polite">
          {phase}…
        </Text>
      )}
      {!database.team && <JoinTeam database={database} busy={busy} />}
      <Text size="sm" c="dimmed">
        Vous pouvez aussi créer vos fiches une à une dans Acteurs.{' '}
        {database.team
          ? `Vos données sont sur la base de l'équipe « ${database.team.database} » (serveur ${database.team.host}), partagée avec les autres animateurs.`
          : `Vos données restent sur ce poste, dans ${database.realFile}.`}
      </Text>
    </Stack>
  )
}
