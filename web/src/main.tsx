import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { PreferencesProvider } from './preferences'
import { SessionProvider } from './session-context'
import './styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PreferencesProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </PreferencesProvider>
  </StrictMode>,
)
