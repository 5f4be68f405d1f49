// One knowledge write transaction whose unique index or foreign key, refusing it after a concurrent change (the
// checks ran before the other transaction committed), answers as the checks would have: `onConflict` builds it.
import type { Prisma } from '../../../generated/prisma/client.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../administration/shared/conflicts.ts';
import type { ServiceContext } from '../../service-context.ts';

export async function checkedKbWrite<T>(
  ctx: ServiceContext,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  onConflict: (kind: 'unique' | 'reference') => Promise<Error> | Error,
): Promise<T> {
  try {
    return await ctx.db.prisma.$transaction(fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw await onConflict('unique');
    if (isForeignKeyViolation(err)) throw await onConflict('reference');
    throw err;
  }
}
