// The catalogs: German has every key of English at every depth, no message is empty, and each
// parameterised message takes the same parameters in both languages and gives text for them.
import { describe, expect, it } from 'vitest'
import { de } from './de/index'
import { en } from './messages'

type Tree = { [key: string]: unknown }

/** Every leaf of a catalog as [path, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] => {
    const path = prefix ? `${prefix}.${key}` : key
    return value !== null && typeof value === 'object' ? leaves(value as Tree, path) : [[path, value]]
  })
}

/** The parameter names in a function's source: `(n, total) => ...` gives ['n', 'total']. */
function parameters(fn: (...args: never[]) => unknown): string[] {
  const source = fn.toString()
  const single = /^\s*(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/.exec(source)
  if (single) return [single[1]!]
  const list = /^[^(]*\(([^)]*)\)/.exec(source)?.[1] ?? ''
  return list
    .split(',')
    .map((p) => p.replace(/=.*$/, '').trim())
    .filter(Boolean)
}

/** A plausible argument for a parameter by its name: numbers for counts, a plain date for dates, else text. */
function sample(name: string): unknown {
  if (/^(n|count|total|from|to|page|pages|year|code|days|hours|min|max|ms|index|present)$/i.test(name)) return 3
  if (/date|day|start|end|when|since|until/i.test(name)) return '2027-05-03'
  return `«${name}»`
}

const enLeaves = leaves(en as unknown as Tree)
const deLeaves = new Map(leaves(de as unknown as Tree))

describe('message catalogs', () => {
  it('German has exactly the keys of English, at every depth', () => {
    const enPaths = enLeaves.map(([path]) => path).sort()
    const dePaths = [...deLeaves.keys()].sort()
    expect(dePaths.filter((p) => !enPaths.includes(p)), 'keys only German has').toEqual([])
    expect(enPaths.filter((p) => !deLeaves.has(p)), 'keys German lacks').toEqual([])
  })

  it('no message is empty or only spaces, in either language', () => {
    const empty = [...enLeaves.map(([p, v]) => [`en.${p}`, v] as const), ...[...deLeaves].map(([p, v]) => [`de.${p}`, v] as const)]
      .filter(([, v]) => typeof v === 'string' && v.trim() === '')
      .map(([p]) => p)
    expect(empty).toEqual([])
  })

  it('a message is of the same kind in both languages', () => {
    const differing = enLeaves.filter(([path, value]) => typeof value !== typeof deLeaves.get(path)).map(([path]) => path)
    expect(differing).toEqual([])
  })

  it('parameterised messages take the same parameters and give non-empty text for them', () => {
    const problems: string[] = []
    for (const [path, value] of enLeaves) {
      if (typeof value !== 'function') continue
      const other = deLeaves.get(path)
      if (typeof other !== 'function') continue
      const names = parameters(value as () => unknown)
      const germanNames = parameters(other as () => unknown)
      if (names.join(',') !== germanNames.join(',')) problems.push(`${path}: en (${names.join(', ')}) vs de (${germanNames.join(', ')})`)
      const args = names.map(sample)
      for (const [language, fn] of [['en', value], ['de', other]] as const) {
        let text: unknown
        try {
          text = (fn as (...a: unknown[]) => unknown)(...args)
        } catch (error) {
          problems.push(`${language}.${path}(${args.join(', ')}) throws: ${String(error)}`)
          continue
        }
        if (typeof text !== 'string' || text.trim() === '' || /undefined|NaN|\[object /.test(text)) problems.push(`${language}.${path}(${args.join(', ')}) gives ${JSON.stringify(text)}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('German is German: most messages differ from the English ones', () => {
    const strings = enLeaves.filter(([, v]) => typeof v === 'string' && (v as string).length > 12)
    const same = strings.filter(([path, v]) => deLeaves.get(path) === v).map(([path]) => path)
    // Names and codes may be the same in both (Leavedesk, CSV file names); whole sentences are not.
    expect(same.length, `untranslated: ${same.join(', ')}`).toBeLessThanOrEqual(Math.ceil(strings.length * 0.05))
  })
})
