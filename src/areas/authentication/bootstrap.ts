// The bootstrap administrator (02 §9.3): on an empty database, the department `Service` and the user `sa`.
// One transaction under an advisory lock, so two instances starting together create them once.
import { randomInt } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { acceptablePassword, hashPassword } from './passwords.ts';

const lockKey = 7_100_001; // any constant shared by every instance

export class BootstrapError extends Error {}

function randomPassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 24 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** Returns the generated password when it created `sa` without ECE_ADMIN_PASSWORD (to be logged once). */
export async function bootstrap(db: Database, adminPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
  if (adminPassword !== undefined && !acceptablePassword(adminPassword)) {
    throw new BootstrapError('Invalid configuration: ECE_ADMIN_PASSWORD must be 8 to 128 characters');
  }
  const [state] = await db.query<{ users: boolean; departments: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM app_user) AS users, EXISTS (SELECT 1 FROM department) AS departments',
  );
  if (state?.users && state.departments) return { created: false };
  const password = adminPassword ?? randomPassword();
  const hash = await hashPassword(password);
  const created = await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${lockKey})`);
    if ((await tx.department.count()) === 0) await tx.department.create({ data: { name: 'Service' } });
    if ((await tx.user.count()) > 0) return false;
    const department = await tx.department.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    await tx.user.create({
      data: {
        loginId: 'sa',
        screenName: 'sa',
        firstName: 'System',
        lastName: 'Administrator',
        roles: ['administrator'],
        departmentId: department.id,
        passwordHash: hash,
      },
    });
    return true;
  });
  return created && adminPassword === undefined ? { created, generatedPassword: password } : { created };
}
