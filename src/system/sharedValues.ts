// Names and name lists repeat across 100,000 records (policies, groups, faults, finding codes): the first copy of each
// is kept and handed out for every equal one after it. Bounded: past MAX_SHARED distinct values each caller keeps its
// own copy, so input with endless distinct names cannot grow the pool. What is handed out is shared: read only.

const MAX_SHARED = 10_000;

const STRINGS = new Map<string, string>();

export function sharedString(value: string): string {
  const known = STRINGS.get(value);
  if (known !== undefined) return known;
  if (STRINGS.size < MAX_SHARED) STRINGS.set(value, value);
  return value;
}

/** The empty list every record without names shares. */
export const NO_NAMES: readonly string[] = Object.freeze([]);

// One name is the usual list: it is its own key. Longer lists are keyed by their JSON, which no name can forge.
const SINGLES = new Map<string, readonly string[]>();
const LISTS = new Map<string, readonly string[]>();

/** A list of names (each shared already), itself shared. */
export function sharedList(names: readonly string[]): readonly string[] {
  if (names.length === 0) return NO_NAMES;
  const pool = names.length === 1 ? SINGLES : LISTS;
  const key = names.length === 1 ? names[0] : JSON.stringify(names);
  const known = pool.get(key);
  if (known) return known;
  // An array grown by push() keeps room for 17 entries: the one kept is copied to its size, and frozen, since every
  // record with these names holds it.
  const kept = Object.freeze(names.slice());
  if (pool.size < MAX_SHARED) pool.set(key, kept);
  return kept;
}

/** The same object for equal (guid, name) pairs of shared strings: a fleet has a handful of policies. */
const PAIRS = new Map<string | null, Map<string | null, { guid: string | null; name: string | null }>>();
let pairCount = 0;

export function sharedPair(guid: string | null, name: string | null): { guid: string | null; name: string | null } {
  let byName = PAIRS.get(guid);
  const known = byName?.get(name);
  if (known) return known;
  const pair = { guid, name };
  if (pairCount >= MAX_SHARED) return pair;
  if (!byName) PAIRS.set(guid, (byName = new Map()));
  byName.set(name, pair);
  pairCount++;
  return pair;
}
