// The pages before a session: sign-in, forgot password, the reset and invitation links from the
// mails, and the first admin of a fresh install.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { apiError } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { CSRF_HEADER, setAccessToken, signIn } from '../../api/session'
import { useT } from '../../preferences'
import { useSession } from '../../session-context'
import { TextField } from '../../ui/fields'
import { errorMessage, Loading, Notice } from '../../ui/states'
import { safeNext } from './next-path'

/** The sign-in page's own words for a refusal; anything else (offline, a 5xx) is worded by errorMessage. */
class SignInRefused extends Error {}

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const t = useT()
  useEffect(() => {
    document.title = `${title} · ${t.common.appName}`
  }, [title, t])
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand auth-brand">{t.common.appName}</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  )
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...CSRF_HEADER }, body: JSON.stringify(body) })
}

async function ensureOk(res: Response): Promise<Response> {
  if (res.ok) return res
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  throw apiError(res.status, body)
}

export function SignInPage() {
  const t = useT()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const { session, signedIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [setupNeeded, setSetupNeeded] = useState(false)
  const next = safeNext(params.get('next'), window.location.origin)

  useEffect(() => {
    if (session.status === 'signed-in') navigate(next, { replace: true })
  }, [session.status, navigate, next])
  useEffect(() => {
    fetch('/api/setup')
      .then((res) => (res.ok ? (res.json() as Promise<{ needed: boolean }>) : { needed: false }))
      .then((body) => setSetupNeeded(body.needed), () => setSetupNeeded(false))
  }, [])

  const submit = useMutation(async () => {
    const res = await signIn(email, password)
    if (!res.ok) {
      if (res.status === 401) throw new SignInRefused(t.auth.badCredentials)
      if (res.status === 429) throw new SignInRefused(t.auth.tooMany)
      await ensureOk(res)
    }
    await signedIn()
  })
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit.run()
  }
  const error = submit.error instanceof SignInRefused ? submit.error.message : submit.error ? errorMessage(submit.error, t.common) : ''

  return (
    <AuthFrame title={t.auth.signInTitle}>
      {params.get('expired') ? <Notice tone="info">{t.auth.sessionExpired}</Notice> : null}
      {setupNeeded ? (
        <Notice tone="info">
          {t.auth.setupIntro} <Link to="/setup">{t.auth.setupTitle}</Link>
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        <TextField label={t.auth.email} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label={t.auth.password} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <button type="submit" className="button button-primary" disabled={submit.pending}>
          {submit.pending ? t.auth.signingIn : t.auth.signIn}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t.auth.forgotLink}</Link>
      </p>
    </AuthFrame>
  )
}

export function ForgotPasswordPage() {
  const t = useT()
  const [email, setEmail] = useState('')
  const [sent, setSent] = useState(false)
  const submit = useMutation(async () => {
    await ensureOk(await postJson('/api/auth/forgot-password', { email }))
    setSent(true)
  })
  return (
    <AuthFrame title={t.auth.forgotTitle}>
      {sent ? (
        <Notice>{t.auth.forgotSent}</Notice>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit.run()
          }}
          noValidate
        >
          <p>{t.auth.forgotIntro}</p>
          <TextField label={t.auth.email} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} errors={submit.fieldErrors.email} />
          {submit.error && !submit.fieldErrors.email ? <Notice tone="error">{errorMessage(submit.error, t.common)}</Notice> : null}
          <button type="submit" className="button button-primary" disabled={submit.pending}>
            {t.auth.sendLink}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t.auth.backToSignIn}</Link>
      </p>
    </AuthFrame>
  )
}

/** /reset-password/?token= and /set-password/?token= (an invitation): both take a reset token. */
export function SetPasswordPage({ kind }: { kind: 'reset' | 'invite' }) {
  const t = useT()
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [done, setDone] = useState(false)
  const [mismatch, setMismatch] = useState(false)
  const submit = useMutation(async () => {
    await ensureOk(await postJson('/api/auth/reset-password', { reset_token: token, password, confirm_password: confirm }))
    setDone(true)
  })
  const fields = submit.fieldErrors
  const general = submit.error && Object.keys(fields).length === 0 ? errorMessage(submit.error, t.common) : fields.reset_token?.join(' ')
  return (
    <AuthFrame title={kind === 'reset' ? t.auth.resetTitle : t.auth.inviteTitle}>
      {done ? (
        <Notice>
          {t.auth.passwordSet} <Link to="/sign-in">{t.auth.signIn}</Link>
        </Notice>
      ) : !token ? (
        <Notice tone="error">{t.auth.missingToken}</Notice>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            setMismatch(password !== confirm)
            if (password === confirm) void submit.run()
          }}
          noValidate
        >
          <TextField label={t.auth.newPassword} type="password" name="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} errors={fields.password} />
          <TextField
            label={t.auth.confirmPassword}
            type="password"
            name="confirm_password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            errors={mismatch ? [t.auth.passwordsDiffer] : fields.confirm_password}
          />
          {general ? <Notice tone="error">{general}</Notice> : null}
          <button type="submit" className="button button-primary" disabled={submit.pending}>
            {t.auth.setPassword}
          </button>
        </form>
      )}
    </AuthFrame>
  )
}

export function SetupPage() {
  const t = useT()
  const navigate = useNavigate()
  const { signedIn } = useSession()
  const [needed, setNeeded] = useState<boolean | null>(null)
  const [form, setForm] = useState({ email: '', first_name: '', last_name: '', password: '', confirm_password: '' })
  useEffect(() => {
    fetch('/api/setup')
      .then((res) => (res.ok ? (res.json() as Promise<{ needed: boolean }>) : { needed: false }))
      .then((body) => setNeeded(body.needed), () => setNeeded(false))
  }, [])
  const submit = useMutation(async () => {
    const res = await ensureOk(await postJson('/api/setup', form))
    setAccessToken(((await res.json()) as { access: string }).access)
    await signedIn()
    navigate('/admin', { replace: true })
  })
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value })
  const fields = submit.fieldErrors
  if (needed === null) return <AuthFrame title={t.auth.setupTitle}><Loading /></AuthFrame>
  return (
    <AuthFrame title={t.auth.setupTitle}>
      {!needed ? (
        <Notice tone="info">
          {t.auth.setupDone} <Link to="/sign-in">{t.auth.signIn}</Link>
        </Notice>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit.run()
          }}
          noValidate
        >
          <p>{t.auth.setupIntro}</p>
          <TextField label={t.auth.email} type="email" name="email" autoComplete="username" required value={form.email} onChange={set('email')} errors={fields.email} />
          <TextField label={t.auth.firstName} name="first_name" autoComplete="given-name" value={form.first_name} onChange={set('first_name')} errors={fields.first_name} />
          <TextField label={t.auth.lastName} name="last_name" autoComplete="family-name" value={form.last_name} onChange={set('last_name')} errors={fields.last_name} />
          <TextField label={t.auth.password} type="password" name="password" autoComplete="new-password" required value={form.password} onChange={set('password')} errors={fields.password} />
          <TextField label={t.auth.confirmPassword} type="password" name="confirm_password" autoComplete="new-password" required value={form.confirm_password} onChange={set('confirm_password')} errors={fields.confirm_password} />
          {submit.error && Object.keys(fields).length === 0 ? <Notice tone="error">{errorMessage(submit.error, t.common)}</Notice> : null}
          <button type="submit" className="button button-primary" disabled={submit.pending}>
            {t.auth.createAdmin}
          </button>
        </form>
      )}
    </AuthFrame>
  )
}
