// What one watch stream holds: the latest ScopeCounts of each scope it names, keyed by scope.
// A snapshot replaces everything; an update replaces whole entries (never merges fields).

/** Key of a Scope of the JSON mapping: "checkpoint:<id>", "region:<name>" or "national". */
export function scopeKey(scope) {
  if (!scope) return '';
  if (scope.checkpointId !== undefined) return `checkpoint:${scope.checkpointId}`;
  if (scope.region !== undefined) return `region:${scope.region}`;
  if (scope.national !== undefined) return 'national';
  return '';
}

export class ScopeStore {
  #entries = new Map();

  /** Replaces everything; returns the keys now held. */
  applySnapshot(scopes) {
    this.#entries = new Map();
    for (const entry of scopes ?? []) this.#entries.set(scopeKey(entry.scope), entry);
    return [...this.#entries.keys()];
  }

  /** Replaces the entries named; returns the keys that changed. */
  applyUpdate(changed) {
    const keys = [];
    for (const entry of changed ?? []) {
      const key = scopeKey(entry.scope);
      const held = this.#entries.get(key);
      // Versions only grow on one connection; an older value (should never come) is ignored.
      if (held && isOlder(entry.version, held.version)) continue;
      this.#entries.set(key, entry);
      keys.push(key);
    }
    return keys;
  }

  get(key) {
    return this.#entries.get(key);
  }

  keys() {
    return this.#entries.keys();
  }
}

function isOlder(version, than) {
  try {
    return BigInt(version ?? 0) < BigInt(than ?? 0);
  } catch {
    return false;
  }
}
