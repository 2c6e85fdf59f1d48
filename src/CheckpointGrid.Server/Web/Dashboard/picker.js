// The scope selector: the nation, a region or a checkpoint, kept in the URL's query
// (?region=NAME, ?checkpoint_id=ID, none for the nation); choosing one loads the page for it.

/** The scope the URL names: { checkpointId }, { region } or { national: {} }. */
export function scopeFromUrl(params) {
  if (params.has('checkpoint_id')) return { checkpointId: params.get('checkpoint_id') };
  if (params.has('region')) return { region: params.get('region') };
  return { national: {} };
}

function query(scope) {
  if (scope.checkpointId !== undefined) return `?checkpoint_id=${encodeURIComponent(scope.checkpointId)}`;
  if (scope.region !== undefined) return `?region=${encodeURIComponent(scope.region)}`;
  return '';
}

export class ScopePicker {
  #select;
  #name;
  #scope;

  constructor(select, name, scope) {
    this.#select = select;
    this.#name = name;
    this.#scope = scope;
    this.#select.addEventListener('change', () => {
      const url = new URL(location.href);
      url.search = this.#select.value;
      location.assign(url);
    });
    this.#show(scope.checkpointId ?? scope.region ?? 'Panamá');
  }

  /** Fills the choices from the catalog: the nation, its regions, its checkpoints. */
  setCatalog(checkpoints) {
    const option = (value, text) => {
      const el = document.createElement('option');
      el.value = value;
      el.textContent = text;
      return el;
    };
    const group = (label, options) => {
      const el = document.createElement('optgroup');
      el.label = label;
      el.append(...options);
      return el;
    };
    const regions = [...new Set(checkpoints.map((c) => c.region))].sort((a, b) => a.localeCompare(b, 'es'));
    this.#select.replaceChildren(
      option('', 'Panamá — nacional · national'),
      group('Regiones · Regions', regions.map((r) => option(query({ region: r }), r))),
      group('Puntos de control · Checkpoints', checkpoints.map((c) => option(query({ checkpointId: c.id }), `${c.name || c.id} (${c.id})`))),
    );
    this.#select.value = query(this.#scope);
    const checkpoint = checkpoints.find((c) => c.id === this.#scope.checkpointId);
    if (checkpoint) this.#show(`${checkpoint.name} (${checkpoint.id})`);
  }

  /** Whether a catalog checkpoint is in the viewed scope. */
  contains(checkpoint) {
    if (!checkpoint) return false;
    if (this.#scope.checkpointId !== undefined) return checkpoint.id === this.#scope.checkpointId;
    if (this.#scope.region !== undefined) return checkpoint.region === this.#scope.region;
    return false; // the nation: every row would be marked, which marks nothing
  }

  #show(text) {
    if (this.#name.textContent !== text) this.#name.textContent = text;
  }
}
