import { describe, expect, it } from 'vitest';
import { parseId, parsePathIds } from '../../src/query/ids.ts';
import { expectError } from './fixtures.ts';

describe('parseId', () => {
  it.each([
    ['1', '1'],
    ['1011', '1011'],
    ['007', '7'],
    ['9007199254740991', '9007199254740991'],
    ['0009007199254740991', '9007199254740991'],
  ])('%s → %s', (token, id) => {
    expect(parseId(token)).toBe(id);
  });

  it.each(['', '0', '000', '-1', '+1', ' 1', '1 ', '1.0', '1e3', '0x10', 'abc', '9007199254740992', '12345678901234567890', '١٢'])(
    'rejects %j',
    (token) => {
      expect(parseId(token)).toBeNull();
    },
  );
});

describe('parsePathIds (01 §11)', () => {
  it('reads one id or a comma list, canonical and in order', () => {
    expect(parsePathIds('1001')).toEqual(['1001']);
    expect(parsePathIds('1001,1002,0999')).toEqual(['1001', '1002', '999']);
  });

  it('removes duplicates keeping the first appearance', () => {
    expect(parsePathIds('3,1,3,2,1,03')).toEqual(['3', '1', '2']);
  });

  it.each(['1,,2', '1,2,', ',1', '', ',', '1, 2', '1;2', '+1', '-1', '0', '1,abc', '9007199254740992'])(
    '%j → 400-102 naming the parameter with the whole value',
    async (raw) => {
      await expectError(() => parsePathIds(raw), '400-102', [{ key: 'ids', value: raw }]);
    },
  );

  it('uses the given parameter name in details', async () => {
    await expectError(() => parsePathIds('x', 'attachmentId'), '400-102', [{ key: 'attachmentId', value: 'x' }]);
  });

  it('takes 75 ids and refuses 76 with 400-160, counting elements as sent', async () => {
    const ids75 = Array.from({ length: 75 }, (_, i) => String(i + 1));
    expect(parsePathIds(ids75.join(','))).toHaveLength(75);
    const err = await expectError(() => parsePathIds([...ids75, '76'].join(',')), '400-160', [{ key: 'limit', value: '75' }]);
    expect(err.params).toEqual({ count: 76 });
    // Duplicates still count: 76 elements naming one id.
    await expectError(() => parsePathIds(Array.from({ length: 76 }, () => '5').join(',')), '400-160');
  });

  it('reports a bad token before the count (01 §7.2: 400-102 before 400-160)', async () => {
    const raw = [...Array.from({ length: 80 }, (_, i) => String(i + 1)), 'x'].join(',');
    await expectError(() => parsePathIds(raw), '400-102');
  });
});
