import { escapeUnsafeText, unsafeTextReason } from '@/lib/text/safe-text';

/** How deep a JSON value a caller sends may nest; README documents it. Usage data is flat in practice. */
export const MAX_JSON_DEPTH = 32;

export type JsonProblem = { path: string; message: string };

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

// Paths go into messages that are stored and shown, so a key's unsafe text is written out.
const join = (path: string, key: string) => (path ? `${path}.${escapeUnsafeText(key)}` : escapeUnsafeText(key));

/**
 * The first part of a parsed JSON value that PostgreSQL's jsonb cannot hold or this app will not
 * take: NUL or an unpaired surrogate in a string or key, a number outside double range (`1e309`
 * parses to Infinity, which JSON.stringify would silently write as null), or nesting deeper than
 * `maxDepth`. A loop, not recursion: a body nested 100,000 deep must not overflow the stack.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, rootPath = ''): JsonProblem | null {
  const leafProblem = (v: unknown): string | null => {
    if (typeof v === 'string') return unsafeTextReason(v);
    if (typeof v === 'number' && !Number.isFinite(v)) return 'must be a number within double precision range';
    return null;
  };
  if (!isContainer(value)) {
    const message = leafProblem(value);
    return message ? { path: rootPath, message } : null;
  }
  const stack: { value: Container; depth: number; path: string }[] = [{ value, depth: 1, path: rootPath }];
  while (stack.length > 0) {
    const { value: container, depth, path } = stack.pop()!;
    if (depth > maxDepth) return { path, message: `must not nest deeper than ${maxDepth} levels` };
    const isArray = Array.isArray(container);
    // Paths are built only for containers and for the problem found: this runs on every event ingested.
    for (const key of Object.keys(container)) {
      const child = (container as Record<string, unknown>)[key];
      const keyReason = isArray ? null : unsafeTextReason(key);
      if (keyReason) return { path: join(path, key), message: `key ${keyReason.replace('must not contain', 'contains')}` };
      if (isContainer(child)) stack.push({ value: child, depth: depth + 1, path: join(path, key) });
      else {
        const message = leafProblem(child);
        if (message) return { path: join(path, key), message };
      }
    }
  }
  return null;
}

/**
 * A copy of any parsed JSON value that PostgreSQL's jsonb can hold: unsafe text escaped
 * (`\u0000` as six characters), non-finite numbers as strings, and anything deeper than
 * `maxDepth` replaced by a note. For keeping what a caller sent when it was rejected.
 */
export function storableCopy(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const leaf = (v: unknown) => (typeof v === 'string' ? escapeUnsafeText(v) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  const empty = (v: Container): Container => (Array.isArray(v) ? [] : (Object.create(null) as Record<string, unknown>));
  if (!isContainer(value)) return leaf(value);
  const root = empty(value);
  const stack: { from: Container; to: Container; depth: number }[] = [{ from: value, to: root, depth: 1 }];
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop()!;
    for (const [key, child] of Object.entries(from)) {
      let copy: unknown;
      if (!isContainer(child)) copy = leaf(child);
      else if (depth >= maxDepth) copy = `(nested deeper than ${maxDepth} levels)`;
      else {
        copy = empty(child);
        stack.push({ from: child, to: copy as Container, depth: depth + 1 });
      }
      // A null-prototype object keeps a "__proto__" key as data, as JSON.parse made it.
      if (Array.isArray(to)) to.push(copy);
      else to[escapeUnsafeText(key)] = copy;
    }
  }
  return root;
}
