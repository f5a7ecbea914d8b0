// JWTs with the original simplejwt claims (token_type, exp, iat, jti, user_id), HS256 only.
// `ver` carries the user's token version: bumping it (password change, deactivation) voids older tokens.
import { randomBytes } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'

export type TokenType = 'access' | 'refresh'

const VERIFIED_ACCESS_TOKENS = 10_000

export interface TokenClaims {
  token_type: TokenType
  exp: number
  iat: number
  jti: string
  user_id: number
  ver: number
}

export type TokenProblem = 'invalid' | 'wrong_type'

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(problem)
  }
}

export interface IssuedToken {
  token: string
  claims: TokenClaims
}

export class TokenService {
  private readonly sign: (payload: Record<string, unknown>) => string
  private readonly verifyToken: (token: string) => unknown

  constructor(
    secret: string,
    private readonly lifetimes: { access: number; refresh: number },
  ) {
    this.sign = createSigner({ key: secret, algorithm: 'HS256' })
    this.verifyToken = createVerifier({
      key: secret,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'jti', 'token_type', 'user_id'],
    })
  }

  /**
   * Access tokens already verified, by their exact text. A hit skips the signature check and the
   * parsing (fast-jwt's own cache hashes each token with SHA-256 first: three times the cost), not the
   * expiry check; the user and the token version are still checked against the database on every
   * request. Bounded: the oldest entry goes first.
   */
  private readonly verifiedAccess = new Map<string, TokenClaims>()

  issue(type: TokenType, userId: number, version: number, now = Date.now()): IssuedToken {
    const iat = Math.floor(now / 1000)
    const claims: TokenClaims = {
      token_type: type,
      exp: iat + (type === 'access' ? this.lifetimes.access : this.lifetimes.refresh),
      iat,
      jti: randomBytes(16).toString('hex'),
      user_id: userId,
      ver: version,
    }
    return { token: this.sign({ ...claims }), claims }
  }

  /** Checks signature, algorithm, expiry, shape and type; throws TokenError otherwise. */
  verify(token: string, expected: TokenType): TokenClaims {
    if (expected === 'access') {
      const known = this.verifiedAccess.get(token)
      if (known) {
        if (known.exp * 1000 > Date.now()) return known
        this.verifiedAccess.delete(token)
      }
      const claims = Object.freeze(this.verifyUncached(token, expected))
      if (this.verifiedAccess.size >= VERIFIED_ACCESS_TOKENS) this.verifiedAccess.delete(this.verifiedAccess.keys().next().value as string)
      this.verifiedAccess.set(token, claims)
      return claims
    }
    return this.verifyUncached(token, expected)
  }

  private verifyUncached(token: string, expected: TokenType): TokenClaims {
    let payload: unknown
    try {
      payload = this.verifyToken(token)
    } catch {
      throw new TokenError('invalid')
    }
    const c = payload as Partial<TokenClaims>
    if (
      !Number.isSafeInteger(c.user_id) ||
      typeof c.jti !== 'string' ||
      (c.token_type !== 'access' && c.token_type !== 'refresh')
    ) {
      throw new TokenError('invalid')
    }
    if (c.token_type !== expected) throw new TokenError('wrong_type')
    return { ...(c as TokenClaims), ver: Number.isSafeInteger(c.ver) ? (c.ver as number) : 0 }
  }
}
