// 01 §19 on V19 (05 §9.15): a download with a session counts against that session's rate limit like any other
// session request, although the route is public for its token form; a token download counts against no session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { ACTIVITY, created, data, emailWorld, ok, post, sender, type AttachmentJson, type EmailWorld } from './support.ts';

let t: TestApp;
let w: EmailWorld;
beforeAll(async () => {
  t = await getTestApp({ ECE_RATE_LIMIT_SESSION_RPS: '1' });
  w = await emailWorld(t);
});
afterAll(async () => t?.close());

const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });

describe('V19 and the per-session rate limit (burst 2 at 1/s)', () => {
  it('the third download in a row with one session → 429-100 with Retry-After and the session echoed; a token download is not counted', async () => {
    const email = {
      department: { name: w.dept.name },
      type: { value: 'email', subtype: { value: 'general' } },
      subject: 'Rate',
      payload: { email: { emailAddresses: { from: sender(), receiver: w.alias.address } } },
    };
    const a = await created(await post(t, w.admin, data(email, [{ name: 'f', filename: 'a.txt', contentType: 'text/plain', data: 'abc' }]), { query: '?$attribute=attachments' }));
    const att = a.attachments!.attachment[0]!;
    const url = `${ACTIVITY}/${a.id}/attachment/${att.id}/content`;

    expect((await get(w.agent.headers, url)).statusCode).toBe(200);
    expect((await get(w.agent.headers, url)).statusCode).toBe(200);
    const third = await get(w.agent.headers, url);
    expectError(third, '429-100', { format: 'json' });
    expect(third.headers['retry-after']).toBe('1');
    expect(third.headers['x-egain-session']).toBe(w.agent.headers['x-egain-session']);

    // The token comes from another session (the agent's bucket is empty); its download takes from no bucket.
    const listed = ok<{ attachment: AttachmentJson[] }>(await get(w.admin.headers, `${ACTIVITY}/${a.id}/attachment/${att.id}?$attribute=contentUrl`));
    const tokenUrl = new URL(listed.attachment[0]!.contentUrl!, 'http://x');
    const byToken = await t.app.inject({ method: 'GET', url: `${tokenUrl.pathname}${tokenUrl.search}` });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.body).toBe('abc');
  });
});
