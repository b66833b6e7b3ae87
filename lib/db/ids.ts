const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else can match no row, and must not reach Postgres as a cast error. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
