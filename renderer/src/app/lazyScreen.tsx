import { Center, Loader } from '@mantine/core'
import { lazy, Suspense, type ComponentType } from 'react'

/** A screen loaded with its chunk when first shown, the usual loader meanwhile. */
export function screen<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name): ComponentType {
  const Lazy = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }))
  return function Screen() {
    return (
      <Suspense
        fallback={
          <Center py="xl">
            <Loader size="sm" role="status" aria-label="Chargement" />
          </Center>
        }
      >
        <Lazy />
      </Suspense>
    )
  }
}
