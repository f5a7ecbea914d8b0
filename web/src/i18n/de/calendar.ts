// Deutsch: die Seiten „calendar“.
import type { Messages } from '../messages'

export const calendar: Messages['calendar'] = {
  title: 'Calendar',
}
