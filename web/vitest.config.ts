// vitest for the web app's logic where a browser test would be too coarse (web/src/**/*.test.ts).
// The date helpers run once per time zone: plain dates must not move a day whatever zone the
// machine (or the person's browser) is in. scripts/run-tests.mjs runs this after the node tests.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))
const ZONE_SENSITIVE = ['src/i18n/format.test.ts']
// West of UTC to the end of the day line, half-hour offsets, and zones with summer time.
const ZONES = ['UTC', 'Pacific/Pago_Pago', 'America/Los_Angeles', 'America/St_Johns', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Kiritimati']

export default defineConfig({
  root,
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ZONE_SENSITIVE, environment: 'node' } },
      ...ZONES.map((zone) => ({ extends: true, test: { name: `TZ=${zone}`, include: ZONE_SENSITIVE, environment: 'node', env: { TZ: zone } } })),
    ],
  },
})
