// Deutsch: die Seiten „approvals“.
import type { Messages } from '../messages'

export const approvals: Messages['approvals'] = {
  title: 'Approvals',
}
