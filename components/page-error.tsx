'use client';

/** What a page shows when reading failed (the database is away, say): the message and a retry. */
export function PageError({ what, error, reset }: { what: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-900">
      <h1 className="text-lg font-semibold">Could not load {what}</h1>
      <p className="mt-1">Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ''}. Nothing was changed.</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800">
        Try again
      </button>
    </div>
  );
}
