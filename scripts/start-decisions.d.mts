// Types of start-decisions.mjs, for the tests that import it.
export const BROWSER_MODE: string
export const EARLY_EXIT_MS: number
export const BUILD_INPUTS: string[]
export const BUILD_OUTPUTS: string[]
export function hasDisplay(platform: string, env: Record<string, string | undefined>): boolean
export function fallbackLine(reason: string): string
export function noDisplayReason(): string
export function downloadFailureReason(output: string, options?: { timedOut?: boolean; timeoutMinutes?: number }): string
export function missingAfterDownloadReason(binary: string): string
export function sqliteForElectronReason(): string
export function earlyExitReason(ended: { code: number | null; signal: string | null; elapsedMs: number; errorOutput: string; interrupted: boolean }): string | null
export function addressIn(line: string): string | null
export function browserCommand(
  platform: string,
  env: Record<string, string | undefined>,
  url: string,
): { command: string; args: string[]; windowsVerbatimArguments?: boolean } | null
export function buildNeeded(root: string): string | null
