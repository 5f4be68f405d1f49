// Rate limits of 01 §19: a token bucket per session or Bearer token (ECE_RATE_LIMIT_SESSION_RPS) and per client IP
// on the login and token endpoints (ECE_RATE_LIMIT_LOGIN_RPS), each with a burst of twice the rate; 0 disables a
// limit. Enforced per instance, as the contract says, so the buckets live in memory.
import fp from 'fastify-plugin';
import { Err } from '../errors/app-error.ts';
import { isApiPath } from './negotiate.ts';

const loginPaths = new Set([
  '/system/ws/v12/authentication/user/login',
  '/system/ws/v15/context/authentication/user/login',
  '/system/ws/v19/clientapplications/authentication/oauth2/token',
]);

type Bucket = { tokens: number; at: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else the whole seconds until a token is available (≥ 1). */
  take(key: string): number {
    const burst = this.rate * 2;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
  }

  /** Forgets buckets that have refilled completely: they hold nothing a new bucket would not. */
  sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.rate * 2) this.buckets.delete(key);
  }
}

export const rateLimitPlugin = fp<{ sessionRps: number; loginRps: number }>(
  async (app, { sessionRps, loginRps }) => {
    const perSession = sessionRps > 0 ? new TokenBuckets(sessionRps) : null;
    const perIp = loginRps > 0 ? new TokenBuckets(loginRps) : null;
    const sweeper = setInterval(() => (perSession?.sweep(), perIp?.sweep()), 60_000);
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));

    const takeForSession = (sessionId: string) => {
      const wait = perSession ? perSession.take(sessionId) : 0;
      if (wait > 0) throw Err.tooManyRequests(wait);
    };
    // For a route that authenticates a session itself (`public` for another way in, V19's token): 01 §19 counts
    // every session-authenticated request.
    app.decorate('takeSessionRate', takeForSession);

    // After authentication (01 §7.2 step 5): the session is known, and an unauthenticated flood is refused earlier.
    app.addHook('onRequest', async (request) => {
      if (!isApiPath(request.url) || !request.routeOptions.url) return;
      if (perIp && loginPaths.has(request.routeOptions.url)) {
        const wait = perIp.take(request.ip);
        if (wait > 0) throw Err.tooManyRequests(wait);
      } else if (request.actor) takeForSession(request.actor.sessionId);
    });
  },
  { name: 'rate-limit', dependencies: ['authentication'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts one request of the session against its rate limit (01 §19): 429-100 when it must wait. */
    takeSessionRate(sessionId: string): void;
  }
}
