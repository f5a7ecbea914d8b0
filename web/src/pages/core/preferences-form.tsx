// Language, theme and first day of the week: applied at once, kept in this browser.
import { usePreferences, useT, type ThemeChoice } from '../../preferences'
import { SelectField } from '../../ui/fields'
import type { Locale } from '../../i18n/format'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

export function PreferencesForm() {
  const t = useT()
  const { preferences, setPreferences, locale } = usePreferences()
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' })
  // 2024-01-01 was a Monday: day n of the ISO week is 2024-01-0n.
  const dayName = (n: number) => weekday.format(new Date(Date.UTC(2024, 0, n)))
  return (
    <div className="form-grid">
      <p className="muted" style={{ gridColumn: '1 / -1' }}>
        {t.profile.preferencesHint}
      </p>
      <SelectField label={t.profile.language} value={preferences.language} onChange={(e) => setPreferences({ language: e.target.value as Locale | 'auto' })}>
        <option value="auto">{t.profile.languageAuto}</option>
        <option value="en" lang="en">
          English
        </option>
        <option value="de" lang="de">
          Deutsch
        </option>
      </SelectField>
      <SelectField label={t.profile.theme} value={preferences.theme} onChange={(e) => setPreferences({ theme: e.target.value as ThemeChoice })}>
        <option value="system">{t.profile.themeSystem}</option>
        <option value="light">{t.profile.themeLight}</option>
        <option value="dark">{t.profile.themeDark}</option>
      </SelectField>
      <SelectField label={t.profile.weekStart} value={String(preferences.weekStart)} onChange={(e) => setPreferences({ weekStart: Number(e.target.value) })}>
        <option value="0">{t.profile.weekStartAuto}</option>
        {WEEKDAYS.map((n) => (
          <option key={n} value={n}>
            {dayName(n)}
          </option>
        ))}
      </SelectField>
    </div>
  )
}
