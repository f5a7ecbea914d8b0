// Deutsch: die Seiten „admin“.
import type { Messages } from '../messages'

export const admin: Messages['admin'] = {
  title: 'Admin',
}
