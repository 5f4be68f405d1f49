import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// Prisma's CLI downloads a native schema engine, which these machines cannot reach. Generation and validation
// do not need it; migrations run through the WebAssembly engine (tools/migrate.ts). This stub makes a stray
// `prisma migrate` fail loudly instead of pretending to succeed.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('./tools/no-native-engine.sh', import.meta.url));

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
