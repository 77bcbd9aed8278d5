import { Alert, Button, Checkbox, Grid, Group, NumberInput, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { IconCircleCheck, IconAlertTriangle, IconPlugConnected, IconUsersGroup } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import type { ApiArgs, ApiResult } from '../../../main/api'
import { ApiError, call, errorMessage } from '../api/client'
import { useSwitchDatabase, type DatabaseState } from '../app/database'
import { TLS_MODE, type TlsMode } from '../../../db/rules/safety-values'

// Where the team database is (server, port, base, account, password, TLS), a real connection
// test, and the switch to it: Paramètres → Base de données, the welcome's « Rejoindre la base de
// l'équipe », and the page shown when the team database cannot be opened.

type Form = Omit<ApiArgs<'database.test'>, 'port'> & { port: number | string }

const WITH_CERTIFICATE: readonly TlsMode[] = ['require', 'verify-ca', 'verify-full']

function initialForm(state: DatabaseState): Form {
  const team = state.team
  return {
    host: team?.host ?? '',
    port: team?.port ?? 5432,
    database: team?.database ?? 'vitawin',
    user: team?.user ?? 'vitawin_app',
    password: '',
    sslmode: team?.sslmode ?? 'prefer',
    caFile: team?.caFile ?? '',
  }
}

/** The refusal's messages by field (the API's issues, or a rule's `field`). */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input') return {}
  const details = error.details as { field?: string; issues?: { path: string[]; message: string }[] } | undefined
  if (details?.field) return { [details.field]: error.message }
  const result: Record<string, string> = {}
  for (const issue of details?.issues ?? []) if (issue.path[0]) result[issue.path[0]] ??= issue.message
  return result
}

function testedMessage(result: ApiResult<'database.test'>): string {
  return `Connexion réussie : base Vitawin au schéma ${result.schemaVersion}, ${result.encrypted ? 'connexion chiffrée (TLS)' : 'connexion non chiffrée'}.`
}

/** What the tested team database and this laptop hold: the copy of the local data is offered only into an empty team database. */
function LocalDataChoice({ tested, copy, onCopy, idPrefix }: { tested: ApiResult<'database.test'>; copy: boolean; onCopy: (copy: boolean) => void; idPrefix: string }) {
  if (!tested.localRecords) return null
  if (tested.records) {
    return (
      <Text size="sm" c="dimmed">
        La base de l'équipe contient déjà des données ({tested.records}) : celles de ce poste ({tested.localRecords}) n'y sont pas copiées et restent dans
        son fichier local.
      </Text>
    )
  }
  return (
    <Checkbox
      id={`${idPrefix}-copy`}
      checked={copy}
      onChange={(event) => onCopy(event.currentTarget.checked)}
      label={`Copier les données de ce poste dans la base de l'équipe (${tested.localRecords})`}
      description="La base de l'équipe est vide. Toutes les tables sont copiées, historique des modifications compris, puis vérifiées table par table ; si quoi que ce soit échoue, rien n'est gardé. Le fichier local n'est pas modifié."
    />
  )
}

export function TeamDatabaseForm({ state, idPrefix = 'team', onConnected }: { state: DatabaseState; idPrefix?: string; onConnected?: () => void }) {
  const [form, setForm] = useState<Form>(() => initialForm(state))
  const [copy, setCopy] = useState(false)
  const { connectTeam, busy, phase } = useSwitchDatabase()
  const test = useMutation<ApiResult<'database.test'>, ApiError, ApiArgs<'database.test'>>({ mutationFn: (args) => call('database.test', args) })
  const args = (): ApiArgs<'database.test'> => ({
    ...form,
    port: typeof form.port === 'number' ? form.port : Number.NaN,
    caFile: WITH_CERTIFICATE.includes(form.sslmode) ? form.caFile || undefined : undefined,
    password: form.password || undefined,
  })
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((current) => ({ ...current, [key]: value }))
    test.reset()
    connectTeam.reset()
    setCopy(false)
  }
  const errors = fieldErrors(connectTeam.error ?? test.error)
  const generalError = connectTeam.error ?? test.error
  const saved = state.team !== null && state.passwordNotKept === null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    test.reset()
    const offered = copy && test.data?.records === '' && Boolean(test.data.localRecords)
    connectTeam.mutate({ ...args(), ...(offered ? { copyLocalData: true } : {}) }, { onSuccess: () => onConnected?.() })
  }
  return (
    <form onSubmit={submit} aria-label="Connexion à la base de l'équipe" noValidate>
      <Stack gap="sm">
        {state.passwordNotKept && (
          <Alert color="blue" variant="light" title="Le mot de passe n'est pas conservé ici">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {state.passwordNotKept}
            </Text>
            <Text size="sm" mt={4}>
              Vous pouvez tout de même tester la connexion.
            </Text>
          </Alert>
        )}
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput id={`${idPrefix}-host`} label="Serveur" description="Nom ou adresse donné par le service informatique" required value={form.host} onChange={(event) => set('host', event.currentTarget.value)} error={errors.host} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput id={`${idPrefix}-port`} label="Port" description="5432 en général" required min={1} max={65535} allowDecimal={false} thousandSeparator="" value={form.port} onChange={(value) => set('port', value)} error={errors.port} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput id={`${idPrefix}-database`} label="Base" required value={form.database} onChange={(event) => set('database', event.currentTarget.value)} error={errors.database} autoComplete="off" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput id={`${idPrefix}-user`} label="Utilisateur" required value={form.user} onChange={(event) => set('user', event.currentTarget.value)} error={errors.user} autoComplete="username" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <PasswordInput
              id={`${idPrefix}-password`}
              label="Mot de passe"
              description={
                state.passwordNotKept
                  ? "Pour le test seulement : il n'est pas conservé"
                  : saved
                    ? 'Laissez vide pour garder celui conservé sur ce poste'
                    : 'Conservé chiffré par le trousseau du système'
              }
              value={form.password ?? ''}
              onChange={(event) => set('password', event.currentTarget.value)}
              error={errors.password}
              autoComplete="current-password"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              id={`${idPrefix}-sslmode`}
              label="Chiffrement (TLS)"
              description="Le service informatique indique le mode à choisir"
              data={TLS_MODE.options}
              value={form.sslmode}
              onChange={(value) => value && set('sslmode', value as TlsMode)}
              allowDeselect={false}
              error={errors.sslmode}
            />
          </Grid.Col>
          {WITH_CERTIFICATE.includes(form.sslmode) ? (
            <Grid.Col span={12}>
              <TextInput
                id={`${idPrefix}-ca`}
                label="Certificat de l'autorité (fichier .pem ou .crt)"
                description={form.sslmode === 'require' ? 'Facultatif : donné, le certificat du serveur est vérifié' : 'Le chemin complet du fichier donné par le service informatique'}
                required={form.sslmode !== 'require'}
                value={form.caFile ?? ''}
                onChange={(event) => set('caFile', event.currentTarget.value)}
                error={errors.caFile}
                autoComplete="off"
              />
            </Grid.Col>
          ) : null}
        </Grid>
        {test.data && (
          <Alert color="teal" icon={<IconCircleCheck />} role="status">
            {testedMessage(test.data)}
          </Alert>
        )}
        {test.data && <LocalDataChoice tested={test.data} copy={copy} onCopy={setCopy} idPrefix={idPrefix} />}
        {connectTeam.isPending && phase && (
          <Text size="sm" aria-live="polite">
            {phase}…
          </Text>
        )}
        {generalError && Object.keys(errors).length === 0 && (
          <Alert color="red" icon={<IconAlertTriangle />} title={connectTeam.error && copy ? 'La copie a échoué' : 'La connexion a échoué'} role="alert">
            {errorMessage(generalError)}
          </Alert>
        )}
        <Group>
          <Button type="button" variant="default" leftSection={<IconPlugConnected size={16} />} loading={test.isPending} disabled={busy} onClick={() => test.mutate(args())}>
            Tester la connexion
          </Button>
          <Button type="submit" leftSection={<IconUsersGroup size={16} />} loading={connectTeam.isPending} disabled={(busy && !connectTeam.isPending) || state.passwordNotKept !== null}>
            {copy ? "Copier et travailler sur la base de l'équipe" : "Travailler sur la base de l'équipe"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
