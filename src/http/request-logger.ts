// Each request's logger, carrying its id, made only when the request first logs something.
// Fastify makes a pino child per request; with the redaction paths that is 4 % of a cached page's
// CPU (pino runs every binding through the redaction), and at LOG_LEVEL=warn most requests never
// log. Levels that are off cost nothing, as they do in pino.
import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
/** Fastify's logger is pino, which can say whether a level is on. */
type ParentLogger = FastifyBaseLogger & { isLevelEnabled?(level: string): boolean }

class LazyChildLogger {
  private made: FastifyBaseLogger | undefined

  constructor(
    private readonly parent: ParentLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.options.level ?? this.parent.level
  }

  private real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options))
  }

  private log(level: Level, args: unknown[]): void {
    // A route's own logLevel may enable more than the parent: then the child decides.
    if (this.options.level === undefined && this.parent.isLevelEnabled?.(level) === false) return
    ;(this.real()[level] as (...a: unknown[]) => void)(...args)
  }

  fatal(...args: unknown[]) {
    this.log('fatal', args)
  }
  error(...args: unknown[]) {
    this.log('error', args)
  }
  warn(...args: unknown[]) {
    this.log('warn', args)
  }
  info(...args: unknown[]) {
    this.log('info', args)
  }
  debug(...args: unknown[]) {
    this.log('debug', args)
  }
  trace(...args: unknown[]) {
    this.log('trace', args)
  }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options)
  }
}

export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(parent, bindings, options) as unknown as FastifyBaseLogger
}
