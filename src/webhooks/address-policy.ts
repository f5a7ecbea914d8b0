// Where webhooks may be delivered (SSRF). https only (http only with WEBHOOKS_ALLOW_HTTP=true), and
// never to an address of this machine or its networks: every address a host resolves to is checked
// when the URL is registered and again at connect time, and the connection is pinned to the address
// that was checked, so a name that resolves elsewhere a moment later (DNS rebinding) gains nothing.
// Hosts listed in WEBHOOKS_ALLOWED_HOSTS are exempt (a receiver on the same network, tests).
import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP, type LookupFunction } from 'node:net'

const refused = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata at 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  refused.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of IPv4 addresses
  ['2002::', 16], // 6to4, which embeds IPv4 addresses
] as const) {
  refused.addSubnet(net, prefix, 'ipv6')
}

/** An IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1), as the IPv4 address it is. */
function unmapped(address: string): string {
  const m = /^::ffff:(?:0:)?(.+)$/i.exec(address)
  if (!m) return address
  const rest = m[1]!
  if (isIP(rest) === 4) return rest
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest)
  if (!hex) return address
  const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16)
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** Whether an address is one a webhook may never reach. */
export function isRefusedAddress(address: string): boolean {
  const plain = unmapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''))
  const family = isIP(plain)
  if (family === 0) return true
  return refused.check(plain, family === 4 ? 'ipv4' : 'ipv6')
}

export interface AddressPolicy {
  allowHttp: boolean
  /** Lower-case host names or addresses exempt from the address check. */
  allowedHosts: readonly string[]
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true })

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase()

/** Why a URL cannot be a webhook endpoint, or null. Resolves its host. */
export async function urlProblem(raw: string, policy: AddressPolicy, resolve: Resolver = systemResolver): Promise<string | null> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'Enter a valid URL.'
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'Use an https:// or http:// URL.' : 'Use an https:// URL (http:// only with WEBHOOKS_ALLOW_HTTP=true).'
  }
  if (url.username || url.password) return 'A webhook URL may not carry credentials.'
  const host = hostOf(url)
  if (policy.allowedHosts.includes(host)) return null
  if (isIP(host) !== 0) return isRefusedAddress(host) ? `${host} is a private, loopback, link-local or otherwise internal address: webhooks cannot reach it.` : null
  let addresses: { address: string }[]
  try {
    addresses = await resolve(host)
  } catch {
    return `${host} does not resolve.`
  }
  if (addresses.length === 0 || addresses.every((a) => isRefusedAddress(a.address))) {
    return `${host} resolves only to private, loopback, link-local or otherwise internal addresses: webhooks cannot reach it.`
  }
  return null
}

/**
 * A `lookup` for http(s).request that resolves the host, drops the refused addresses (unless the
 * host is allowed) and hands the socket the first one left: the connection goes where was checked.
 */
export function checkedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
    const allowed = policy.allowedHosts.includes(host)
    const wantsAll = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true
    const answer = (address: string, family: number) => {
      if (wantsAll) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }])
      else callback(null, address, family)
    }
    if (isIP(host) !== 0) {
      if (!allowed && isRefusedAddress(host)) return callback(refusal(host), '', 0)
      return answer(host, isIP(host))
    }
    resolve(host).then(
      (addresses) => {
        const usable = allowed ? addresses : addresses.filter((a) => !isRefusedAddress(a.address))
        const first = usable[0]
        if (!first) return callback(refusal(host), '', 0)
        answer(first.address, first.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    )
  }
}

function refusal(host: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`refused: ${host} resolves only to addresses webhooks may not reach`)
  err.code = 'EADDRREFUSED'
  return err
}
