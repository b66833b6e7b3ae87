import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Meterline', template: '%s · Meterline' },
  description: 'Usage metering and billing you can run yourself.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page renders per request, so each gets the CSP nonce proxy.ts made for it (a page
// prerendered at build time, like the 404 page, would carry scripts without one).
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
