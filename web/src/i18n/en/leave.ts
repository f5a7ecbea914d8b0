// English: the leave pages.
export const leave = {
  title: 'Leave',
}
