// The driver's slot planning (10 §3.3: a request without target is skipped, not replaced) and a short run of one
// phase against a stub HTTP server on 127.0.0.1 (no real server: a few seconds of autocannon).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDef } from '../../../bench/load/apis.ts';
import { ContentFactory } from '../../../bench/load/content.ts';
import { fillerPath, planSlot, runPhase, type DriverUser } from '../../../bench/load/driver.ts';
import { Mix } from '../../../bench/load/mix.ts';
import type { Outcome } from '../../../bench/load/outcome.ts';
import { Planner } from '../../../bench/load/requests.ts';
import { Rng } from '../../../bench/seed/random.ts';
import { setup } from './fixtures.ts';

const user = { index: 0, login: 'bench01', id: '7' };

function planner() {
  const s = setup();
  return { ...s, planner: new Planner(s.catalog, s.world, s.rng, new ContentFactory(Rng.stream(5, 'content')), 'rtest') };
}

describe('slots (10 §3.3)', () => {
  it('a request whose API has no target is skipped for that API; no other API is drawn in its place', () => {
    // #6 Get Chat Activity (3 %) has no target (no chats in the fixtures); #17 Get Case by ID (8 %) always has one.
    const { planner: p, rng } = planner();
    const mix = Mix.fromOptions('6,17', undefined);
    const n = 11_000;
    let skipped = 0;
    let sent = 0;
    for (let i = 0; i < n; i++) {
      const { api, planned } = planSlot(mix, p, rng, user, 'json');
      if (planned) {
        expect(planned.api).toBe(api);
        expect(api.no).toBe(17);
        sent++;
      } else {
        expect(api.no).toBe(6);
        skipped++;
      }
    }
    // The shares stay those of the mix: 3/11 skipped, 8/11 sent (not 100 % #17).
    expect(skipped / n).toBeGreaterThan(0.25);
    expect(skipped / n).toBeLessThan(0.3);
    expect(sent + skipped).toBe(n);
  });
});

describe('one phase against a stub server', () => {
  let server: Server;
  let baseUrl: string;
  const paths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url?.startsWith('/system/ws/v12/interaction/customer?email=')) {
        // 204 even for existing addresses: a status of #27's Success column, so a success (and a diagnostic)
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.url?.startsWith('/system/ws/v12/interaction/case/')) {
        const xml = (req.headers.accept ?? '').includes('xml');
        res.writeHead(200, { 'content-type': xml ? 'application/xml' : 'application/json' });
        res.end(xml ? '<cases><case><id>1</id></case></cases>' : '{"case":[{"id":"1"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a filler for each skipped slot, measures the rest, and reports the connections autocannon opened', async () => {
    const s = planner();
    const mix = Mix.fromOptions('6,17,27', undefined);
    const users: DriverUser[] = [1, 2, 3, 4, 5].map((k) => ({ login: `bench0${k}`, session: `s${k}`, context: { ...user, index: k - 1, login: `bench0${k}` } }));
    const recorded: { api: ApiDef; outcome: Outcome }[] = [];
    const skipped: ApiDef[] = [];
    const atypical: string[] = [];
    const result = await runPhase(
      {
        baseUrl,
        users,
        planner: s.planner,
        world: s.world,
        mix,
        rng: s.rng,
        sink: {
          record: (api, outcome) => recorded.push({ api, outcome }),
          skip: (api) => skipped.push(api),
          atypical: (api, status, variant) => atypical.push(`${api.no} ${status} ${variant}`),
        },
        onUnauthorized: () => undefined,
        log: () => undefined,
      },
      // 20 connections asked for (4 per user) at 10 requests/s: autocannon opens 10.
      { label: 'test', rate: 10, connections: 20, unmeasuredSeconds: 1, measuredSeconds: 3 },
    );
    expect(result.connections).toBe(10);
    expect(recorded.length + skipped.length).toBeGreaterThan(15);
    expect(recorded.every((r) => [17, 27].includes(r.api.no) && r.outcome.ok)).toBe(true);
    // #27 to an existing address answered 204: counted as a success, reported as a diagnostic only
    expect(atypical.length).toBeGreaterThan(0);
    expect(atypical.every((a) => a === '27 204 an existing address')).toBe(true);
    expect(skipped.every((a) => a.no === 6)).toBe(true);
    expect(skipped.length).toBeGreaterThan(0);
    // Every skipped slot sent the (unmeasured) filler; measured requests count towards the achieved rate.
    expect(paths.filter((p) => p === fillerPath).length).toBeGreaterThanOrEqual(skipped.length);
    expect(result.measuredRequests).toBe(recorded.length);
  }, 30_000);
});
