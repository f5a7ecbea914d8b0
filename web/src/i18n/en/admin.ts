// English: the admin pages.
export const admin = {
  title: 'Admin',
}
