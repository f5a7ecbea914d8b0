// English: the calendar pages.
export const calendar = {
  title: 'Calendar',
}
