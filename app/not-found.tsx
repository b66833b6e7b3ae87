import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-8 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">There is nothing here, or nothing you can see.</p>
      <Link className="mt-6 inline-block text-indigo-700 underline" href="/">
        Go to your home page
      </Link>
    </main>
  );
}
