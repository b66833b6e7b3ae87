// Meters address values in `data` with a JSONPath subset that maps one-to-one onto Postgres'
// `data #> '{a,b,0}'`: `$.name`, `$['any key']`, `$["any key"]` and `$[0]`, chained. Ingest
// checks values with readPath in TypeScript and rollups read them with #> in SQL; the subset
// keeps both readings identical.

const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;

/** The keys of a JSONPath, or null when it is outside the supported subset. */
export function parseJsonPath(path: string): string[] | null {
  if (!path.startsWith('$')) return null;
  const keys: string[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return null;
    const quoted = m[2] ?? m[3];
    keys.push(m[1] ?? (quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : m[4]));
    rest = rest.slice(m[0].length);
  }
  return keys.length > 0 ? keys : null;
}

/** `data #> keys` in TypeScript: objects by key, arrays by index; undefined when absent. */
export function readPath(data: unknown, keys: string[]): unknown {
  let current = data;
  for (const key of keys) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) return undefined;
      current = current[Number(key)];
    } else if (current !== null && typeof current === 'object') {
      current = (current as Record<string, unknown>)[key];
    } else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
