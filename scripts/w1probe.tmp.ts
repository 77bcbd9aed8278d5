import { openStore } from '../db/sqlite/connection'
import { loadDirectory } from '../db/sqlite/directory'
const file = process.argv[2]!
const store = await openStore(file, {} as never)
const t = (label: string, f: () => unknown) => { const s = performance.now(); const r = f(); console.log(label, Math.round(performance.now() - s), 'ms'); return r }
const fields = ['key', 'kind', 'name', 'profileCode', 'townCode', 'outsideTown', 'status', 'email', 'tags', 'lastInteractionOn'] as const
for (let i = 0; i < 2; i++) {
  t('overview', () => loadDirectory(store.sqlite, { fields: ['key'], window: { offset: 0, limit: 1 }, longestNames: 40 }))
  t('block default', () => loadDirectory(store.sqlite, { fields: [...fields], filter: { picks: { type: 'tous', profiles: [], towns: [], statuses: [] }, quick: '', quickFields: [...fields], columns: {} }, sort: [], window: { offset: 0, limit: 200 } }))
  t('block name', () => loadDirectory(store.sqlite, { fields: [...fields], filter: {}, sort: [{ field: 'name' }], window: { offset: 0, limit: 200 } }))
  t('block town', () => loadDirectory(store.sqlite, { fields: [...fields], filter: {}, sort: [{ field: 'townCode' }], window: { offset: 80000, limit: 200 } }))
  t('quick', () => loadDirectory(store.sqlite, { fields: [...fields], filter: { quick: 'boulangerie vincennes', quickFields: [...fields] }, sort: [], window: { offset: 0, limit: 200 } }))
  t('count', () => store.sqlite.prepare('select (select count(*) from organisations) + (select count(*) from people)').pluck().get())
}
