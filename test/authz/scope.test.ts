// Department scoping (02 §7.3): src/authz/scope.ts.
import { describe, expect, it } from 'vitest';
import type { Actor, ClientActor, CustomerActor, StaffActor } from '../../src/authz/actor.ts';
import type { StaffRole } from '../../src/authz/permissions.ts';
import {
  invisibleIds,
  requireDepartmentTarget,
  requireVisible,
  requireVisibleReference,
  seesDepartment,
  visibleDepartments,
} from '../../src/authz/scope.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { formatMessage } from '../../src/errors/catalogue.ts';

const HOME = 10n;
const FOREIGN_A = 20n;
const FOREIGN_B = 30n;
const OTHER = 40n;
const ELSEWHERE = 50n;

function staff(roles: StaffRole[], foreign: bigint[] = [FOREIGN_A, FOREIGN_B]): StaffActor {
  return {
    kind: 'user',
    sessionId: 's',
    userId: 1n,
    roles,
    homeDepartmentId: HOME,
    departmentIds: [HOME, ...foreign],
    ref: { id: '1', name: 'u', firstName: 'U' },
  };
}
const customer: CustomerActor = { kind: 'customer', sessionId: 'c', contactPersonId: 5n, customerId: 6n, roles: ['customer'] };
const client: ClientActor = { kind: 'client', sessionId: 'x', clientApplicationId: 7n, roles: ['clientApplication'] };

const admin = staff(['administrator'], []);
const supervisor = staff(['supervisor']);
const agent = staff(['agent']);
const agentHomeOnly = staff(['agent'], []);

/** The AppError a call throws, or undefined. */
function thrown(fn: () => void): AppError | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  return undefined;
}

describe('visibleDepartments / seesDepartment', () => {
  it('an administrator sees all departments, also with other roles besides', () => {
    for (const actor of [admin, staff(['agent', 'administrator'], []), staff(['administrator', 'supervisor'])]) {
      expect(visibleDepartments(actor)).toBe('all');
      for (const d of [HOME, FOREIGN_A, OTHER, ELSEWHERE, 999_999n]) expect(seesDepartment(actor, d)).toBe(true);
    }
  });

  it.each([
    ['supervisor', supervisor],
    ['agent', agent],
    ['supervisor+agent', staff(['supervisor', 'agent'])],
  ] as const)('a %s sees its home and foreign departments only', (_name, actor) => {
    const visible = visibleDepartments(actor);
    expect(visible).not.toBe('all');
    expect([...(visible as ReadonlySet<bigint>)].sort()).toEqual([HOME, FOREIGN_A, FOREIGN_B].sort());
    expect(seesDepartment(actor, HOME)).toBe(true);
    expect(seesDepartment(actor, FOREIGN_A)).toBe(true);
    expect(seesDepartment(actor, FOREIGN_B)).toBe(true);
    expect(seesDepartment(actor, OTHER)).toBe(false);
    expect(seesDepartment(actor, ELSEWHERE)).toBe(false);
  });

  it('without foreign departments: the home department only', () => {
    expect([...(visibleDepartments(agentHomeOnly) as ReadonlySet<bigint>)]).toEqual([HOME]);
    expect(seesDepartment(agentHomeOnly, FOREIGN_A)).toBe(false);
  });

  it('customers and client applications see no department (their own rules apply instead)', () => {
    for (const actor of [customer, client] as Actor[]) {
      expect(visibleDepartments(actor)).toEqual(new Set());
      expect(seesDepartment(actor, HOME)).toBe(false);
    }
  });
});

describe('requireVisible → 404-101 naming missing and invisible ids, in the order requested', () => {
  const found = [
    { id: 1n, departmentId: HOME },
    { id: 3n, departmentId: OTHER },
    { id: 4n, departmentId: FOREIGN_B },
    { id: '6', departmentId: ELSEWHERE },
  ];

  it('a supervisor or agent: missing ids and ids of departments it does not see are not found alike', () => {
    for (const actor of [agent, supervisor]) {
      const err = thrown(() => requireVisible(actor, ['6', '1', '2', '3', '4', '5'], found));
      expect(err?.key).toBe('404-101');
      expect(err?.status).toBe(404);
      expect(err?.details).toEqual([
        { key: 'id', value: '6' },
        { key: 'id', value: '2' },
        { key: 'id', value: '3' },
        { key: 'id', value: '5' },
      ]);
      expect(formatMessage(err!.key, 'en-US', err!.params)).toBe('The following IDs were not found: 6, 2, 3, 5.');
      expect(formatMessage(err!.key, 'es-ES', err!.params)).toBe('No se encontraron los siguientes ID: 6, 2, 3, 5.');
    }
  });

  it('an administrator: only the ids that do not exist', () => {
    const err = thrown(() => requireVisible(admin, ['6', '1', '2', '3', '4', '5'], found));
    expect(err?.details).toEqual([
      { key: 'id', value: '2' },
      { key: 'id', value: '5' },
    ]);
  });

  it('passes when every id exists and is visible', () => {
    expect(thrown(() => requireVisible(agent, ['4', '1'], found))).toBeUndefined();
    expect(thrown(() => requireVisible(admin, ['3', '6', '1', '4'], found))).toBeUndefined();
    expect(thrown(() => requireVisible(agent, [], found))).toBeUndefined();
  });

  it('names each id once, in the order of first appearance (01 §11)', () => {
    const err = thrown(() => requireVisible(agent, ['5', '3', '5', '1', '3'], found));
    expect(err?.details).toEqual([
      { key: 'id', value: '5' },
      { key: 'id', value: '3' },
    ]);
  });

  it('a single invisible id', () => {
    const err = thrown(() => requireVisible(agentHomeOnly, ['4'], found));
    expect(err?.details).toEqual([{ key: 'id', value: '4' }]);
  });

  it('a customer or client application sees no scoped record by department', () => {
    for (const actor of [customer, client] as Actor[]) {
      expect(thrown(() => requireVisible(actor, ['1'], found))?.details).toEqual([{ key: 'id', value: '1' }]);
    }
  });

  it('invisibleIds lists the found records the actor cannot see, in order', () => {
    expect(invisibleIds(agent, found)).toEqual(['3', '6']);
    expect(invisibleIds(agentHomeOnly, found)).toEqual(['3', '4', '6']);
    expect(invisibleIds(admin, found)).toEqual([]);
  });
});

describe('requireDepartmentTarget → 403-197 when moving data into a department the actor does not see', () => {
  it('home and foreign departments are allowed targets for a supervisor or agent; others are not', () => {
    for (const actor of [agent, supervisor]) {
      for (const d of [HOME, FOREIGN_A, FOREIGN_B]) expect(thrown(() => requireDepartmentTarget(actor, d))).toBeUndefined();
      for (const d of [OTHER, ELSEWHERE]) {
        const err = thrown(() => requireDepartmentTarget(actor, d));
        expect(err?.key).toBe('403-197');
        expect(err?.status).toBe(403);
        expect(err?.details).toEqual([]);
      }
    }
  });

  it('an administrator may target any department', () => {
    for (const d of [HOME, OTHER, ELSEWHERE]) expect(thrown(() => requireDepartmentTarget(admin, d))).toBeUndefined();
  });
});

describe('requireVisibleReference → 400-152 on the attribute for a body reference to an invisible or missing record', () => {
  it('a visible reference passes', () => {
    expect(thrown(() => requireVisibleReference(agent, 'case.id', '12', HOME))).toBeUndefined();
    expect(thrown(() => requireVisibleReference(agent, 'case.id', '12', FOREIGN_A))).toBeUndefined();
    expect(thrown(() => requireVisibleReference(admin, 'case.id', '12', OTHER))).toBeUndefined();
  });

  it('an invisible reference is 400-152 naming the attribute and the value', () => {
    const err = thrown(() => requireVisibleReference(agent, 'activity[0].case.id', '12', OTHER));
    expect(err?.key).toBe('400-152');
    expect(err?.details).toEqual([{ key: 'activity[0].case.id', value: '12' }]);
    expect(formatMessage(err!.key, 'en-US', err!.params)).toBe("Invalid value of attribute 'activity[0].case.id'.");
  });

  it('a reference that does not resolve (no department) is 400-152 for everyone, administrators included', () => {
    for (const actor of [agent, supervisor, admin]) {
      const err = thrown(() => requireVisibleReference(actor, 'case.id', '999', undefined));
      expect(err?.key).toBe('400-152');
      expect(err?.details).toEqual([{ key: 'case.id', value: '999' }]);
    }
  });
});
