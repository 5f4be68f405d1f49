// What keeps a department from being deleted (07 §4): any user (home or foreign), group, queue, alias, entry point,
// workflow, macro, standard message, activity, case or customer referring to it, or a non-empty knowledge folder.
// Each check lists the referring records; later issues append theirs to `departmentReferenceChecks`.
import type { Tx } from '../common.ts';
import { purgeJobsOfDepartments } from '../purge/purge.references.ts';

/** One blocking reference: the department it blocks and the referring record as a `details` pair `{kind: id}`. */
export type DepartmentReference = { departmentId: bigint; key: string; value: string };

type ReferenceCheck = (tx: Tx, departmentIds: bigint[]) => Promise<DepartmentReference[]>;

/** At most this many references of one kind are listed (error `details` hold 30 pairs, 01 §7.1). */
const perKind = 10;

const foreignUsers: ReferenceCheck = async (tx, ids) =>
  (
    await tx.userDepartment.findMany({
      where: { departmentId: { in: ids } },
      select: { userId: true, departmentId: true },
      orderBy: { userId: 'asc' },
      take: perKind,
    })
  ).map((u) => ({ departmentId: u.departmentId, key: 'user', value: String(u.userId) }));

/** The first records of one kind in the departments, by id: what `find` returns, reported as `{key: id}`. */
const holders =
  (key: string, find: (tx: Tx, query: ReturnType<typeof inDepartments>) => Promise<{ id: bigint; departmentId: bigint }[]>): ReferenceCheck =>
  async (tx, ids) =>
    (await find(tx, inDepartments(ids))).map((r) => ({ departmentId: r.departmentId, key, value: String(r.id) }));
const inDepartments = (ids: bigint[]) => ({
  where: { departmentId: { in: ids } },
  select: { id: true, departmentId: true },
  orderBy: { id: 'asc' as const },
  take: perKind,
});

const homeUsers = holders('user', (tx, q) => tx.user.findMany(q));
const groups = holders('group', (tx, q) => tx.userGroup.findMany(q));
const queues = holders('queue', (tx, q) => tx.queue.findMany(q));
const entryPoints = holders('entryPoint', (tx, q) => tx.entryPoint.findMany(q));
const customers = holders('customer', (tx, q) => tx.customer.findMany(q));
const cases = holders('case', (tx, q) => tx.case.findMany(q));
const activities = holders('activity', (tx, q) => tx.activity.findMany(q));
const macros = holders('macro', (tx, q) => tx.macro.findMany(q));
const aliases = holders('alias', (tx, q) => tx.emailAlias.findMany(q));
const workflows = holders('workflow', (tx, q) => tx.workflow.findMany(q));
const messages = holders('message', (tx, q) => tx.standardMessage.findMany(q));

// Knowledge (07 §4, 06 §8): the department's folders must be empty. Its root folders go with it when they are, so
// what blocks is an article of the department, a folder below a root, a topic (topics are structure of their own,
// not deleted silently) and an article type of the department that an article elsewhere still uses.
const kbArticles = holders('article', (tx, q) => tx.kbArticle.findMany(q));
const kbFolders = holders('folder', (tx, q) => tx.kbFolder.findMany({ ...q, where: { ...q.where, parentId: { not: null } } }));
const kbTopics = holders('topic', (tx, q) => tx.kbTopic.findMany(q));
const kbArticleTypes: ReferenceCheck = async (tx, ids) =>
  (
    await tx.kbArticleType.findMany({
      where: { departmentId: { in: ids }, articles: { some: {} } },
      select: { id: true, departmentId: true },
      orderBy: { id: 'asc' },
      take: perKind,
    })
  ).map((t) => ({ departmentId: t.departmentId!, key: 'articleType', value: String(t.id) }));

/**
 * The reference checks of a department delete, in the order their references are reported (the empty root folders
 * and unused article types of a department are deleted with it in department.service.ts deleteDepartments).
 */
export const departmentReferenceChecks: ReferenceCheck[] = [
  homeUsers,
  foreignUsers,
  groups,
  queues,
  aliases,
  entryPoints,
  workflows,
  activities,
  cases,
  customers,
  macros,
  messages,
  purgeJobsOfDepartments,
  kbArticles,
  kbFolders,
  kbTopics,
  kbArticleTypes,
];

/** Every reference that blocks deleting `departmentIds` (empty: they may be deleted). */
export async function findDepartmentReferences(tx: Tx, departmentIds: bigint[]): Promise<DepartmentReference[]> {
  const found: DepartmentReference[] = [];
  for (const check of departmentReferenceChecks) found.push(...(await check(tx, departmentIds)));
  return found;
}
