// The bootstrap administrator (02 §9.3): on an empty database, the department `Service` and the user `sa`.
// One transaction under an advisory lock, so two instances starting together create them once.
import { randomInt } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { ConfigError } from '../../config/config.ts';
import { acceptablePassword, hashPassword } from './passwords.ts';

const lockKey = 7_100_001; // any constant shared by every instance

/** A configuration error found at bootstrap: start-up stops with its one-line message (exit 1). */
export class BootstrapError extends ConfigError {}

function randomPassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 24 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** Returns the generated password when it created `sa` without ECE_ADMIN_PASSWORD (to be logged once). */
export async function bootstrap(db: Database, adminPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
  // Users exist (and so a department): nothing to do, and ECE_ADMIN_PASSWORD is ignored (02 §9.3 step 4).
  const [state] = await db.query<{ users: boolean }>('SELECT EXISTS (SELECT 1 FROM app_user) AS users');
  if (state?.users) return { created: false };
  if (adminPassword !== undefined && !acceptablePassword(adminPassword)) {
    throw new BootstrapError('ECE_ADMIN_PASSWORD', 'must be 8 to 128 characters (02 §9.1)');
  }
  const password = adminPassword ?? randomPassword();
  const hash = await hashPassword(password);
  const created = await db.prisma.$transaction(async (tx) => {
    // Only one instance at a time past this point; the others then find the user and create nothing.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${lockKey})`);
    if ((await tx.user.count()) > 0) return false;
    if ((await tx.department.count()) === 0) {
      // Like every department, with its root knowledge folder (07 §4, 06 §8).
      const service = await tx.department.create({ data: { name: 'Service' } });
      await tx.kbFolder.create({ data: { name: service.name, departmentId: service.id } });
    }
    const department = await tx.department.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    await tx.user.create({
      data: {
        loginId: 'sa',
        screenName: 'sa',
        firstName: 'System',
        lastName: 'Administrator',
        roles: ['administrator'],
        departmentId: department.id,
        state: 'enabled',
        passwordHash: hash,
      },
    });
    return true;
  });
  return created && adminPassword === undefined ? { created, generatedPassword: password } : { created };
}
