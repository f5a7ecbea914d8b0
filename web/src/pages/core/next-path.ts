// Where sign-in sends the person afterwards (`?next=`): only a path of this app. An absolute URL, a
// protocol-relative `//host`, a backslash (`/\host`, which browsers read as `//host`) or a control
// character (`/\t/host`: the URL parser drops tabs and newlines, leaving `//host`) would send them
// elsewhere, so anything but a same-origin path goes to My leave.
export const HOME = '/leave'

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true
  }
  return false
}

export function safeNext(next: string | null, origin: string): string {
  if (!next || !next.startsWith('/') || hasControlOrBackslash(next)) return HOME
  let url: URL
  try {
    url = new URL(next, origin)
  } catch {
    return HOME
  }
  if (url.origin !== origin) return HOME
  return url.pathname + url.search + url.hash
}
