// Types of prepare-electron.mjs, for the tests that import it.
export const root: string
export function electronFacts(env?: Record<string, string | undefined>, dir?: string): { dir: string; version: string; binary: string; installed: boolean }
export function electronSqliteReady(): boolean
