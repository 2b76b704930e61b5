import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from './config';

/**
 * Requests per user (the token's `sub`), counted in memory over a fixed window: the
 * (N+1)th request of a window is refused with 429 and a Retry-After header, before
 * its document is even parsed. One gateway instance counts its own requests: behind
 * several instances each allows N (docs/decisions/0008-gateway-limits.md).
 */
export function createRateLimiter(limit: GatewayConfig['rateLimit']): (userId: string) => Promise<void> {
  const limiter = new RateLimiterMemory({ keyPrefix: 'gateway-user', points: limit.requests, duration: limit.windowSeconds });
  return async (userId) => {
    try {
      await limiter.consume(userId);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new GraphQLError(`Too many requests: at most ${limit.requests} per ${limit.windowSeconds} s for one user; retry in ${retryAfter} s`, {
        extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) } },
      });
    }
  };
}
