// Builds the web app into dist/web, which the server serves at `/` (src/web/web-app.ts).
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // scripts/check-bundle-size.mjs reads the manifest to sum each page's JavaScript.
    manifest: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev`: the API runs on PORT (default 8000); the app's requests to /api go there.
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 8000}` },
  },
})
