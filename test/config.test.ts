import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ConfigError, loadConfig } from '../src/config.js'

let dataDir: string

before(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'leavedesk-config-'))
})
after(() => rmSync(dataDir, { recursive: true, force: true }))

const KEY = 'a-secret-key-of-at-least-thirty-two-bytes!'

function assertConfigError(env: Record<string, string>, variable: string) {
  assert.throws(
    () => loadConfig({ DATA_DIR: dataDir, ...env }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `${JSON.stringify(env)} threw ${String(err)}`)
      assert.match(err.message, new RegExp(`\\b${variable}\\b`), err.message)
      assert.ok(!err.message.includes('\n'), 'one line')
      return true
    },
    JSON.stringify(env),
  )
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ SECRET_KEY: KEY })
    assert.equal(c.port, 8000)
    assert.equal(c.host, '127.0.0.1')
    assert.equal(c.databaseUrl, 'sqlite:./data/leavedesk.sqlite3')
    assert.equal(c.secretKey, KEY)
    assert.equal(c.accessTokenLifetime, 900)
    assert.equal(c.refreshTokenLifetime, 1_296_000)
    assert.equal(c.resetTokenLifetime, 7200)
    assert.equal(c.appUrl, 'http://localhost:8000')
    assert.equal(c.smtpUrl, null)
    assert.equal(path.normalize(c.mailDir), path.normalize('./data/mail'))
    assert.equal(c.emailFrom, 'Leavedesk <no-reply@localhost>')
    assert.equal(c.logLevel, 'info')
    assert.deepEqual(c.corsOrigins, [])
    assert.equal(c.passwordMinLength, 12)
  })

  it('reads every documented variable', () => {
    const c = loadConfig({
      DATA_DIR: dataDir,
      PORT: '9001',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://user:pass@db.example.com:5432/leave',
      SECRET_KEY: KEY,
      ACCESS_TOKEN_LIFETIME: '60',
      REFRESH_TOKEN_LIFETIME: '3600',
      RESET_TOKEN_LIFETIME: '600',
      APP_URL: 'https://leave.example.com/',
      SMTP_URL: 'smtp://user:pass@mail.example.com:587',
      MAIL_DIR: '/var/mail/leave',
      EMAIL_FROM: 'HR <hr@example.com>',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com',
      PASSWORD_MIN_LENGTH: '16',
      WEBHOOKS_ALLOW_HTTP: 'true',
      WEBHOOKS_ALLOWED_HOSTS: ' Hooks.Internal.example , [::1]',
    })
    assert.equal(c.webhooksAllowHttp, true)
    assert.deepEqual(c.webhooksAllowedHosts, ['hooks.internal.example', '::1'])
    assert.equal(c.port, 9001)
    assert.equal(c.host, '0.0.0.0')
    assert.equal(c.databaseUrl, 'postgres://user:pass@db.example.com:5432/leave')
    assert.equal(c.accessTokenLifetime, 60)
    assert.equal(c.refreshTokenLifetime, 3600)
    assert.equal(c.resetTokenLifetime, 600)
    assert.equal(c.appUrl, 'https://leave.example.com')
    assert.equal(c.smtpUrl, 'smtp://user:pass@mail.example.com:587')
    assert.equal(c.mailDir, '/var/mail/leave')
    assert.equal(c.emailFrom, 'HR <hr@example.com>')
    assert.equal(c.logLevel, 'warn')
    assert.deepEqual(c.corsOrigins, ['https://a.example.com', 'https://b.example.com'])
    assert.equal(c.passwordMinLength, 16)
    assert.equal(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: KEY, DATABASE_URL: 'postgresql://h/db' }).databaseUrl, 'postgresql://h/db')
    assert.equal(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: KEY, DATABASE_URL: 'sqlite:/tmp/x.db' }).databaseUrl, 'sqlite:/tmp/x.db')
  })

  it('refuses bad values with a ConfigError naming the variable', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PORT: '-1' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
      [{ NODE_ENV: 'production', SECRET_KEY: '' }, 'SECRET_KEY'],
      [{ NODE_ENV: 'production', SECRET_KEY: 'too-short' }, 'SECRET_KEY'],
      [{ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(31) }, 'SECRET_KEY'],
      [{ APP_URL: 'ftp://x' }, 'APP_URL'],
      [{ APP_URL: 'localhost:8000' }, 'APP_URL'],
      [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL'],
      [{ ACCESS_TOKEN_LIFETIME: '15m' }, 'ACCESS_TOKEN_LIFETIME'],
      [{ ACCESS_TOKEN_LIFETIME: '0' }, 'ACCESS_TOKEN_LIFETIME'],
      [{ REFRESH_TOKEN_LIFETIME: '1.5' }, 'REFRESH_TOKEN_LIFETIME'],
      [{ RESET_TOKEN_LIFETIME: 'two hours' }, 'RESET_TOKEN_LIFETIME'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ PASSWORD_MIN_LENGTH: 'twelve' }, 'PASSWORD_MIN_LENGTH'],
    ]
    for (const [env, variable] of cases) assertConfigError({ SECRET_KEY: KEY, ...env }, variable)
    // Production without any key at all, not even a generated one.
    assertConfigError({ NODE_ENV: 'production' }, 'SECRET_KEY')
    assert.ok(!existsSync(path.join(dataDir, 'secret.key')))
  })

  it('accepts a long enough SECRET_KEY in production', () => {
    const c = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) })
    assert.equal(c.secretKey, 'x'.repeat(32))
    assert.ok(!existsSync(path.join(dataDir, 'secret.key')), 'a configured key is not written to disk')
  })

  it('generates a 256-bit secret key file with mode 0600 when none is set, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-secret-'))
    try {
      const nested = path.join(dir, 'data')
      const first = loadConfig({ DATA_DIR: nested })
      const file = path.join(nested, 'secret.key')
      assert.ok(existsSync(file))
      assert.equal(statSync(file).mode & 0o777, 0o600)
      assert.match(first.secretKey, /^[0-9a-f]{64}$/)
      assert.equal(readFileSync(file, 'utf8').trim(), first.secretKey)

      const second = loadConfig({ DATA_DIR: nested })
      assert.equal(second.secretKey, first.secretKey)

      // Another data directory gets another key.
      const other = loadConfig({ DATA_DIR: path.join(dir, 'other') })
      assert.notEqual(other.secretKey, first.secretKey)

      // A key file written by hand is used as it is.
      writeFileSync(file, 'hand-written-key-of-enough-length-1234567\n', { mode: 0o600 })
      assert.equal(loadConfig({ DATA_DIR: nested }).secretKey, 'hand-written-key-of-enough-length-1234567')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stops the server at start-up with a one-line message naming the variable', async () => {
    const server = fileURLToPath(new URL('../src/server.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', server], {
      // tsx resolves from the project; the data directory is elsewhere.
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { PATH: process.env.PATH, PORT: 'abc', SECRET_KEY: KEY, DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'x.sqlite3')}` },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    assert.notEqual(code, 0)
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr)
    assert.match(stderr, /PORT/)
  })
})
