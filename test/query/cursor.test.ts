import { describe, expect, it } from 'vitest';
import { CURSOR_MAX_LENGTH, CursorCodec, requestBinding, type CursorBinding } from '../../src/query/cursor.ts';
import { codec } from './fixtures.ts';

const bindingInput: CursorBinding = {
  path: '/system/ws/v12/interaction/activity',
  style: 'page',
  size: 20,
  sort: 'createdDate',
  order: 'desc',
  criteria: [
    ['status', { kind: 'status', status: 'completed' }],
    ['type', { kind: 'enum', value: 'chat' }],
  ],
};
const binding = requestBinding(bindingInput);

describe('requestBinding', () => {
  it('is a 22-character base64url hash, independent of criteria order and one trailing slash', () => {
    expect(binding).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(requestBinding({ ...bindingInput, criteria: [...bindingInput.criteria].reverse() })).toBe(binding);
    expect(requestBinding({ ...bindingInput, path: `${bindingInput.path}/` })).toBe(binding);
  });

  it.each([
    ['path', { path: '/system/ws/v12/interaction/case' }],
    ['style', { style: 'range' as const }],
    ['size', { size: 25 }],
    ['sort', { sort: 'id' }],
    ['order', { order: 'asc' as const }],
    ['criteria', { criteria: [['status', { kind: 'status', status: 'open' }]] as const }],
  ])('changes with the %s', (_label, change) => {
    expect(requestBinding({ ...bindingInput, ...change })).not.toBe(binding);
  });
});

describe('CursorCodec', () => {
  it('round-trips a position: keyset values of every type and the id', () => {
    const keyset = { values: [new Date('2024-05-01T10:00:00.123Z'), 'Ann', 42, 1.5, true, null], id: '9007199254740991' };
    const token = codec.issue({ style: 'page', binding, offset: 40, keyset });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThanOrEqual(CURSOR_MAX_LENGTH);
    const back = codec.decode(token);
    expect(back).toEqual({ style: 'page', binding, offset: 40, keyset });
    expect(back?.keyset?.values[0]).toBeInstanceOf(Date);
  });

  it('round-trips a range position without keyset', () => {
    const token = codec.issue({ style: 'range', binding, offset: 7 });
    expect(codec.decode(token)).toEqual({ style: 'range', binding, offset: 7 });
  });

  it('is verified by every instance sharing the secret', () => {
    const token = codec.issue({ style: 'page', binding, offset: 20 });
    expect(new CursorCodec(Buffer.alloc(32, 7)).decode(token)).toEqual({ style: 'page', binding, offset: 20 });
    expect(new CursorCodec(Buffer.alloc(32, 8)).decode(token)).toBeNull();
  });

  it('drops the keyset rather than exceed 512 characters', () => {
    const keyset = { values: ['x'.repeat(600)], id: '5' };
    const token = codec.issue({ style: 'page', binding, offset: 20, keyset });
    expect(token.length).toBeLessThanOrEqual(CURSOR_MAX_LENGTH);
    expect(codec.decode(token)).toEqual({ style: 'page', binding, offset: 20 });
  });

  it('detects any tampering', () => {
    const token = codec.issue({ style: 'page', binding, offset: 20, keyset: { values: ['a'], id: '5' } });
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      expect(codec.decode(copy.toString('base64url'))).toBeNull();
    }
  });

  it('rejects a payload with a valid MAC but a bad shape (forged with the secret)', async () => {
    const { createHmac } = await import('node:crypto');
    const forge = (json: string) => {
      const body = Buffer.from(json);
      const mac = createHmac('sha256', Buffer.alloc(32, 7)).update('ece-cursor-v1\u0000').update(body).digest().subarray(0, 16);
      return Buffer.concat([mac, body]).toString('base64url');
    };
    expect(codec.decode(forge(JSON.stringify({ v: 1, s: 'p', b: binding, o: 20 })))).toEqual({ style: 'page', binding, offset: 20 });
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({ v: 2, s: 'p', b: binding, o: 20 }),
      JSON.stringify({ v: 1, s: 'x', b: binding, o: 20 }),
      JSON.stringify({ v: 1, s: 'p', b: 'short', o: 20 }),
      JSON.stringify({ v: 1, s: 'p', b: binding, o: -1 }),
      JSON.stringify({ v: 1, s: 'p', b: binding, o: 1.5 }),
      JSON.stringify({ v: 1, s: 'p', b: binding, o: 20, k: [] }),
      JSON.stringify({ v: 1, s: 'p', b: binding, o: 20, k: [{}], i: '5' }),
      JSON.stringify({ v: 1, s: 'p', b: binding, o: 20, k: [], i: '0' }),
    ]) {
      expect(codec.decode(forge(bad))).toBeNull();
    }
  });

  it.each(['', 'a', '!!!!', 'abc=', 'x'.repeat(513), 'AAAAAAAAAAAAAAAAAAAAAAA'])('decode(%j) is null', (token) => {
    expect(codec.decode(token)).toBeNull();
  });

  it('refuses a short secret and bad input to issue', () => {
    expect(() => new CursorCodec(Buffer.alloc(8))).toThrow();
    expect(() => codec.issue({ style: 'page', binding: 'nope', offset: 0 })).toThrow();
    expect(() => codec.issue({ style: 'page', binding, offset: -1 })).toThrow();
    expect(() => codec.issue({ style: 'page', binding, offset: 0, keyset: { values: [Number.NaN], id: '1' } })).toThrow();
  });
});
