// English: the approvals pages.
export const approvals = {
  title: 'Approvals',
}
