/** "model=$.model, region=$.region" <-> { model: '$.model', region: '$.region' } for a one-line form field. */
export function parseGroupBy(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? [pair, ''] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      }),
  );
}

export function formatGroupBy(groupBy: Record<string, string>): string {
  return Object.entries(groupBy)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
