// JWTs with the original simplejwt claims (token_type, exp, iat, jti, user_id), HS256 only.
// `ver` carries the user's token version: bumping it (password change, deactivation) voids older tokens.
import { randomBytes } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'

export type TokenType = 'access' | 'refresh'

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
    // The cache only skips re-checking signatures of tokens already seen; the user and token version
    // are still checked against the database on every request.
    this.verifyToken = createVerifier({
      key: secret,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'jti', 'token_type', 'user_id'],
      cache: 2000,
    })
  }

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
