// English: the profile pages.
export const profile = {
  title: 'Profile',
}
