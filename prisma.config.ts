import { defineConfig } from 'prisma/config';

// `prisma generate` reads no database; migrate/status (where Prisma's engines exist) use DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
