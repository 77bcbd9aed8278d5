import type { Kysely } from 'kysely'
import type { MigrationDialect } from './dialect'
import * as m0001 from './0001-reference'
import * as m0002 from './0002-actors'
import * as m0003 from './0003-crm'
import * as m0004 from './0004-groups-copil'
import * as m0005 from './0005-programmes'
import * as m0006 from './0006-indicators'
import * as m0007 from './0007-audit-privacy'
import * as m0008 from './0008-journal-summary'
import * as m0009 from './0009-pupils-reached-mentees'
import * as m0010 from './0010-foreign-key-indexes'
import * as m0011 from './0011-import-contacts-undo'
import * as m0012 from './0012-follow-ups-by-animator'
import * as m0013 from './0013-record-versions'
import * as m0014 from './0014-journal-animators'
import * as m0015 from './0015-search-words-any-script'
import * as m0016 from './0016-request-keys'

export interface Migration {
  name: string
  /** Runs on either engine: `d` picks the form of the few statements that differ (./dialect.ts). */
  up(db: Kysely<any>, d: MigrationDialect): Promise<void>
}

// Listed statically so that bundling keeps them; the order is the schema version (1-based).
// Never edit or reorder a migration that has shipped: add a new one.
export const migrations: readonly Migration[] = [
  { name: '0001-reference', up: m0001.up },
  { name: '0002-actors', up: m0002.up },
  { name: '0003-crm', up: m0003.up },
  { name: '0004-groups-copil', up: m0004.up },
  { name: '0005-programmes', up: m0005.up },
  { name: '0006-indicators', up: m0006.up },
  { name: '0007-audit-privacy', up: m0007.up },
  { name: '0008-journal-summary', up: m0008.up },
  { name: '0009-pupils-reached-mentees', up: m0009.up },
  { name: '0010-foreign-key-indexes', up: m0010.up },
  { name: '0011-import-contacts-undo', up: m0011.up },
  { name: '0012-follow-ups-by-animator', up: m0012.up },
  { name: '0013-record-versions', up: m0013.up },
  { name: '0014-journal-animators', up: m0014.up },
  { name: '0015-search-words-any-script', up: m0015.up },
  { name: '0016-request-keys', up: m0016.up },
]

export const SCHEMA_VERSION = migrations.length
