import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'stream/promises', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
]

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only the Electron shell (main/shell/) and the preload may import electron.' }],
}

// Process boundaries, as lint rules:
// - only main/shell/ and preload/ import electron;
// - renderer/ imports no Node module and nothing from the backend but types (and pure db/rules);
// - db/ imports nothing from main/ or renderer/.
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.vitawin-electron/**', 'zz-scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['main/shell/**/*.ts', 'preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [{ group: ['**/main/**', '**/renderer/**', '../main', '../../main'], message: 'db/ must not depend on main/ or renderer/.' }],
        },
      ],
    },
  },
  {
    // db/README.md: data functions take Kysely; the raw better-sqlite3 handle lives in db/sqlite/ only.
    files: ['db/**/*.ts'],
    // db/backend.ts names the SQLite store's handle (a type).
    ignores: ['db/**/*.test.ts', 'db/sqlite/**', 'db/migrations/**', 'db/backend.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          paths: [...electronOnlyInShell.paths, { name: 'better-sqlite3', message: 'Data functions take Kysely (db/README.md); the raw handle is for db/sqlite/ only.' }],
          patterns: [{ group: ['**/main/**', '**/renderer/**', '../main', '../../main'], message: 'db/ must not depend on main/ or renderer/.' }],
        },
      ],
    },
  },
  {
    // DESIGN.md §4.2: outside db/, code takes a Store (db/backend.ts) and never an engine's own
    // module. The files listed still use SQLite-only features (backups, demo, the audit trail and
    // the person functions W3 makes engine-neutral, the benchmark): the list only ever shrinks.
    files: ['main/**/*.ts', 'scripts/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      'main/shell/**',
      'main/api/data-safety.ts',
      'main/api/host-services.ts',
      'main/api/host.ts',
      'main/cli/data-safety.ts',
      'main/cli/index.ts',
      'main/web/index.ts',
      'scripts/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          paths: [
            ...electronOnlyInShell.paths,
            { name: 'better-sqlite3', message: 'Take a Store (db/backend.ts): store.db, or store.backend for what an engine does its own way.' },
            { name: 'pg', message: 'Take a Store (db/backend.ts): store.db, or store.backend for what an engine does its own way.' },
          ],
          patterns: [{ group: ['**/db/sqlite/**', '**/db/postgres/**'], message: 'Take a Store (db/backend.ts): store.db, or store.backend for what an engine does its own way.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronOnlyInShell.paths,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a page: no Node module.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a page: no Node module.' },
            { group: ['better-sqlite3', 'kysely', 'exceljs', 'csv-parse'], message: 'Data access goes through the API.' },
            {
              regex: '^(\\.\\./)+(main|preload)/|^(\\.\\./)+db/(?!rules/)',
              allowTypeImports: true,
              message: 'The renderer may import only types from the backend (and the pure rules of db/rules).',
            },
          ],
        },
      ],
    },
  },
)
