'use client';

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md bg-indigo-700 px-3 py-1.5 font-medium text-white hover:bg-indigo-800">
      Print
    </button>
  );
}
