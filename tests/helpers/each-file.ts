import { afterEach } from 'vitest'
import { closeHosts } from './api'
import { removeTemporaries } from './temp'

// The browser suites share one module graph (`isolate: false` in vitest.config.ts): a helper
// module is evaluated once, so its own afterEach is registered in the first file only. This setup
// file runs before each file and registers them there (twice in the first file: they are idempotent).
// After-hooks run last registered first: the hosts close before their folders go.
afterEach(removeTemporaries)
afterEach(closeHosts)
