// Drives autocannon (10 §3.1): keep-alive HTTP/1.1 connections, pipelining 1, `overallRate` = the target rate; each
// connection belongs to one user and sends its session. For every request the per-request setup hook picks the API
// with the mix's shares and its target (requests.ts); the response hook judges the answer (outcome.ts) and the
// client's response event, which carries autocannon's own latency (written → last byte), records it per API.
//
// A phase runs `unmeasuredSeconds` and then `measuredSeconds` in one autocannon instance; requests that start inside
// the measured window are measured. At its end the phase keeps sending (unmeasured) until the measured requests
// still in flight have answered, then stops.
//
// A request whose API has no free target is skipped (10 §3.3): it counts as "skipped" for that API and its slot sends
// an unmeasured filler request (autocannon paces by slots and cannot leave one empty). No other API is drawn in its
// place, so skipping never moves an API's share to the others.
import autocannon from 'autocannon';
import type { Rng } from '../seed/random.ts';
import type { ApiDef } from './apis.ts';
import type { Format } from './bodies.ts';
import type { Mix } from './mix.ts';
import { judge, type Headers, type Outcome } from './outcome.ts';
import type { Planned, Planner, UserContext } from './requests.ts';
import type { SessionUser } from './sessions.ts';
import type { World } from './world.ts';

export const requestTimeoutSeconds = 30;

export type DriverUser = SessionUser & { context: UserContext };

export type Phase = { label: string; rate: number; connections: number; unmeasuredSeconds: number; measuredSeconds: number };

export type PhaseResult = {
  /** Epoch ms of the measured window. */
  window: [number, number];
  measuredRequests: number;
  achievedRate: number;
  /** Requests cut off when the instance stopped (never measured). */
  abandoned: number;
  /** The connections autocannon opened (fewer than asked for when the rate is below them). */
  connections: number;
};

export type Sink = {
  record(api: ApiDef, outcome: Outcome, latencyMs: number | undefined, startedAt: number): void;
  skip(api: ApiDef): void;
  /**
   * A measured success whose status is not the one its variant normally gets (an unknown address answered 200, an
   * email without attachments 200, ...): a diagnostic only, never a failure (10 §3.4 accepts every status of the
   * Success column).
   */
  atypical?(api: ApiDef, status: number, variant: string): void;
};

type Pending = {
  planned?: Planned;
  measured: boolean;
  startedAt: number;
  format: Format;
  chunks: Buffer[];
  outcome?: Outcome;
};

type ClientState = { user: DriverUser; pending?: Pending };

/** What autocannon's client has beyond its typings: the queue the response body is collected in. */
type ClientInternals = autocannon.Client & {
  pipelinedRequests: { addBody(data: Buffer): void };
};

export type DriverDeps = {
  baseUrl: string;
  users: DriverUser[];
  planner: Planner;
  world: World;
  mix: Mix;
  rng: Rng;
  sink: Sink;
  onUnauthorized(user: DriverUser): void;
  /** Called when a phase starts, with its measured window (epoch ms). */
  onWindow?(window: [number, number]): void;
  log(line: string): void;
};

/** The unmeasured request of a skipped slot. */
export const fillerPath = '/system/ws/v12/interaction/hello';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The connections autocannon really opens: it lowers `connections` to `overallRate` when the rate is smaller
 * (autocannon 9, lib/run.js), e.g. 10 connections at --rate 10 instead of 4 per user.
 */
export function connectionsUsed(connections: number, rate: number): number {
  return rate > 0 && rate < connections ? rate : connections;
}

/**
 * One slot of the schedule (10 §3.1, §3.3): one draw of the API with the mix's shares and its target. `planned` is
 * undefined when the API has no free target: the slot is skipped for that API (no other API is drawn instead).
 */
export function planSlot(mix: Mix, planner: Planner, rng: Rng, user: UserContext, format: Format): { api: ApiDef; planned: Planned | undefined } {
  const api = mix.pick(rng.float());
  return { api, planned: planner.plan(api, user, format) };
}

export async function runPhase(deps: DriverDeps, phase: Phase): Promise<PhaseResult> {
  const { rng, mix, planner, world, sink } = deps;
  const start = Date.now();
  const measuredFrom = start + phase.unmeasuredSeconds * 1000;
  const measuredTo = measuredFrom + phase.measuredSeconds * 1000;
  deps.onWindow?.([measuredFrom, measuredTo]);
  const states: ClientState[] = [];
  let measuredInFlight = 0;
  let measuredStarted = 0;
  let abandoned = 0;
  let sentSinceTick = 0;
  let failuresSinceTick = 0;
  let skippedSinceTick = 0;

  const finish = (state: ClientState, latencyMs: number | undefined, fallback: Outcome) => {
    const p = state.pending;
    if (!p) return;
    state.pending = undefined;
    if (p.measured) measuredInFlight--;
    if (!p.planned) return;
    const outcome = p.outcome ?? fallback;
    world.locks.release(p.planned.locks);
    if (outcome.ok) p.planned.onSuccess?.(outcome);
    else p.planned.onFailure?.(outcome);
    if (!outcome.ok) failuresSinceTick++;
    if (p.measured) {
      sink.record(p.planned.api, outcome, outcome.status > 0 ? latencyMs : undefined, p.startedAt);
      const typical = p.planned.typical;
      if (outcome.ok && typical && !typical.statuses.includes(outcome.status)) sink.atypical?.(p.planned.api, outcome.status, typical.variant);
    }
    if (outcome.status === 401) deps.onUnauthorized(state.user);
  };

  const setupRequest = (state: ClientState) => (req: autocannon.Request): autocannon.Request => {
    // A request that never got its answer is over: autocannon reconnects after a timeout (and when the server
    // closed the connection) before it tells anyone, so the cause is told by its age.
    const now = Date.now();
    const lost = state.pending && now - state.pending.startedAt >= requestTimeoutSeconds * 1000 - 100 ? 'timeout' : 'connection-lost';
    finish(state, undefined, { ok: false, status: 0, code: lost });
    const measured = now >= measuredFrom && now < measuredTo;
    const format: Format = rng.chance(0.8) ? 'json' : 'xml';
    const { api, planned } = planSlot(mix, planner, rng, state.user.context, format);
    if (!planned) {
      skippedSinceTick++;
      if (measured) sink.skip(api);
    }
    const headers: Record<string, string> = {
      'X-egain-session': state.user.session,
      Accept: format === 'json' ? 'application/json' : 'application/xml',
      'Accept-Encoding': 'gzip',
      'Accept-Language': 'en-US',
    };
    state.pending = { planned, measured: measured && planned !== undefined, startedAt: now, format, chunks: [] };
    if (state.pending.measured) {
      measuredInFlight++;
      measuredStarted++;
    }
    sentSinceTick++;
    if (!planned) return { ...req, method: 'GET', path: fillerPath, headers, body: undefined };
    if (planned.contentType) headers['Content-Type'] = planned.contentType;
    return { ...req, method: planned.method, path: planned.path, headers, body: planned.body };
  };

  const onResponse = (state: ClientState) => (status: number, _body: string, _context: object, headers: unknown) => {
    const p = state.pending;
    if (!p?.planned) return;
    p.outcome = judge({ expect: p.planned.expect, format: p.format, wrapper: p.planned.wrapper }, status, (headers ?? {}) as Headers, Buffer.concat(p.chunks));
  };

  let nextClient = 0;
  const setupClient = (client: autocannon.Client) => {
    const user = deps.users[nextClient++ % deps.users.length]!;
    const state: ClientState = { user };
    states.push(state);
    const internals = client as ClientInternals;
    // autocannon appends body chunks to a string, which breaks gzip: keep the bytes.
    internals.pipelinedRequests.addBody = (data: Buffer) => {
      state.pending?.chunks.push(Buffer.from(data));
    };
    client.on('response', (_status: number, _bytes: number, responseTime: number) => finish(state, responseTime, { ok: false, status: 0, code: 'no-response' }));
    (client as NodeJS.EventEmitter).on('connError', (err: NodeJS.ErrnoException) => finish(state, undefined, { ok: false, status: 0, code: err?.code ?? 'connection-error' }));
    client.setRequests([{ setupRequest: setupRequest(state), onResponse: onResponse(state) as autocannon.Request['onResponse'] }]);
  };

  const total = phase.unmeasuredSeconds + phase.measuredSeconds;
  let instance!: autocannon.Instance;
  const done = new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: deps.baseUrl,
        connections: phase.connections,
        overallRate: phase.rate,
        pipelining: 1,
        timeout: requestTimeoutSeconds,
        // A backstop: the phase stops the instance itself.
        duration: total + 2 * requestTimeoutSeconds + 30,
        requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, method: 'GET', path: fillerPath }) }],
        setupClient,
      },
      (err) => (err ? reject(err) : resolve()),
    );
  });
  instance.on('error', () => undefined);

  const progress = setInterval(() => {
    const now = Date.now();
    const stage = now < measuredFrom ? 'warm-up' : now < measuredTo ? 'measuring' : 'draining';
    const elapsed = Math.round((now - start) / 1000);
    deps.log(
      `[${phase.label}] ${stage} ${elapsed}/${total}s: ${(sentSinceTick / 10).toFixed(1)} req/s sent, ${failuresSinceTick} failed, ${skippedSinceTick} skipped; in flight locks ${world.locks.size}`,
    );
    sentSinceTick = 0;
    failuresSinceTick = 0;
    skippedSinceTick = 0;
  }, 10_000);

  try {
    await Promise.race([sleep(measuredTo - Date.now()), done]);
    // Drain: the measured requests still in flight finish (unmeasured traffic keeps the rate meanwhile).
    const drainUntil = Date.now() + (requestTimeoutSeconds + 5) * 1000;
    while (measuredInFlight > 0 && Date.now() < drainUntil) await Promise.race([sleep(50), done]);
    instance.stop();
    await done;
  } finally {
    clearInterval(progress);
  }
  for (const state of states) {
    if (state.pending) {
      // Measured ones only when the drain ran out (they were older than the request timeout): failures.
      abandoned++;
      finish(state, undefined, { ok: false, status: 0, code: 'abandoned' });
    }
  }
  return {
    window: [measuredFrom, measuredTo],
    measuredRequests: measuredStarted,
    achievedRate: measuredStarted / phase.measuredSeconds,
    abandoned,
    // One setupClient call per client autocannon created.
    connections: states.length || connectionsUsed(phase.connections, phase.rate),
  };
}
