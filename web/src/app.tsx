// Every page has its own URL. The sign-in pages are in the first chunk; each signed-in area is
// loaded when first visited, so the sign-in page stays small.
import { lazy, Suspense, type ReactNode } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router'
import { canApprove, Layout } from './layout'
import { ForgotPasswordPage, SetPasswordPage, SetupPage, SignInPage } from './pages/core/auth-pages'
import { NotFoundPage } from './pages/core/not-found'
import { useT } from './preferences'
import { useSession } from './session-context'
import { Loading } from './ui/states'
import { Page } from './ui/page'

const LeaveArea = lazy(() => import('./pages/leave/index'))
const LeaveRequestPage = lazy(() => import('./pages/leave/request-page'))
const CalendarArea = lazy(() => import('./pages/calendar/index'))
const ApprovalsArea = lazy(() => import('./pages/approvals/index'))
const AdminArea = lazy(() => import('./pages/admin/index'))
const ProfilePage = lazy(() => import('./pages/core/profile'))

/** Signed-in pages: the others go to sign-in, which brings them back here afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession()
  const location = useLocation()
  if (session.status === 'checking') return <Loading />
  if (session.status === 'signed-out') {
    const back = location.pathname + location.search
    return <Navigate to={`/sign-in?next=${encodeURIComponent(back)}${session.expired ? '&expired=1' : ''}`} replace />
  }
  return <>{children}</>
}

function RequireRole({ allowed, children }: { allowed: (role: string) => boolean; children: ReactNode }) {
  const { session } = useSession()
  const t = useT()
  if (session.status === 'signed-in' && !allowed(session.me.role)) {
    return (
      <Page title={t.common.forbiddenTitle}>
        <p>{t.common.forbiddenBody}</p>
      </Page>
    )
  }
  return <>{children}</>
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<SetPasswordPage kind="reset" />} />
        <Route path="set-password" element={<SetPasswordPage kind="invite" />} />
        <Route path="setup" element={<SetupPage />} />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to="/leave" replace />} />
          <Route path="leave/*" element={<Lazy><LeaveArea /></Lazy>} />
          <Route path="leave-requests/:id" element={<Lazy><LeaveRequestPage /></Lazy>} />
          <Route path="calendar/*" element={<Lazy><CalendarArea /></Lazy>} />
          <Route path="approvals/*" element={<RequireRole allowed={canApprove}><Lazy><ApprovalsArea /></Lazy></RequireRole>} />
          <Route path="admin/*" element={<RequireRole allowed={(role) => role === 'admin'}><Lazy><AdminArea /></Lazy></RequireRole>} />
          <Route path="profile" element={<Lazy><ProfilePage /></Lazy>} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  )
}
