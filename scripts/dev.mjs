#!/usr/bin/env node
// `npm run dev`: the API with reload on src/ changes (tsx watch, on PORT, default 8000) and the web
// app with hot reload (Vite, on 5173, sending /api to the API). Open http://127.0.0.1:5173/.
// Ctrl-C stops both.
import { spawn } from 'node:child_process'

// The app's origin is Vite's: the API's sign-in accepts cookie requests from APP_URL's origin only,
// and the links in mails should open the app being worked on.
const apiEnv = { ...process.env, APP_URL: process.env.APP_URL ?? 'http://127.0.0.1:5173' }
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch-path=src', 'src/server.ts'], { stdio: 'inherit', env: apiEnv }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'web/vite.config.ts', '--host', '127.0.0.1', '--port', '5173'], { stdio: 'inherit' }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', (code) => {
  stop()
  process.exitCode = code ?? 0
})
