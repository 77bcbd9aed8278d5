// Types of before-pack.mjs, for the tests that import it.
export function nativeModuleProblem(options: {
  projectDir: string
  platform: string
  arch: string
  electronVersion: string
  sqliteVersion: string
  hostPlatform?: string
}): string | null

export default function beforePack(context: {
  packager: { projectDir: string }
  electronPlatformName: string
  arch: number
}): Promise<void>
