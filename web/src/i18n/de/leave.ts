// Deutsch: die Seiten „leave“.
import type { Messages } from '../messages'

export const leave: Messages['leave'] = {
  title: 'Leave',
}
