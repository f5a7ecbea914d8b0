// Deutsch: die Seiten „profile“.
import type { Messages } from '../messages'

export const profile: Messages['profile'] = {
  title: 'Profile',
}
