// The per-checkpoint table: one row per catalog entry, built once, then only changed cells written.
import { chartElement, drawSparkline } from './charts.js';
import { KIND_LABELS, STATE_LABELS, count, element, formatPercent, setBar, setNumber, setText } from './format.js';

const FIELDS = ['arrivals', 'northbound', 'southbound', 'departures'];

export class CheckpointTable {
  #body;
  #rows = new Map();

  constructor(table) {
    this.#body = table.tBodies[0];
  }

  /** Builds the rows for the catalog's checkpoints (ordered by id, so grouped by region). */
  setCatalog(checkpoints) {
    this.#rows.clear();
    this.#body.replaceChildren(...checkpoints.map((checkpoint) => this.#buildRow(checkpoint)));
  }

  /** Marks the rows of the checkpoints in the viewed scope. */
  markScope(inScope) {
    for (const [id, row] of this.#rows) row.tr.classList.toggle('in-scope', inScope(id));
  }

  /** Draws a checkpoint's hourly arrivals (the last 48 h) in its row. */
  renderSparkline(id, buckets) {
    const row = this.#rows.get(id);
    if (row) drawSparkline(row.spark, buckets);
  }

  /** Shows a checkpoint's ScopeCounts (proto3 JSON mapping); ignored for ids not in the catalog. */
  render(id, values) {
    const row = this.#rows.get(id);
    if (!row) return;
    const totals = values?.totals ?? {};
    setNumber(row.arrivals, count(totals.arrival?.people));
    setNumber(row.northbound, count(totals.arrival?.byDirection?.northbound));
    setNumber(row.southbound, count(totals.arrival?.byDirection?.southbound));
    setNumber(row.departures, count(totals.departure?.people));
    const occupants = count(values?.shelter?.occupants);
    const capacity = values?.shelter?.capacity === undefined ? null : count(values.shelter.capacity);
    setNumber(row.occupants, occupants);
    setNumber(row.capacity, capacity);
    const over = capacity !== null && occupants > capacity;
    row.tr.classList.toggle('over-capacity', over);
    row.flag.hidden = !over;
    row.meter.hidden = capacity === null;
    row.shelter.classList.toggle('no-shelter', capacity === null && occupants === 0);
    if (capacity !== null) {
      setBar(row.fill, occupants / capacity);
      setText(row.share, formatPercent(Math.max(occupants, 0) / capacity));
    } else {
      setText(row.share, '');
    }
  }

  #buildRow(checkpoint) {
    const tr = element('tr');
    tr.dataset.checkpoint = checkpoint.id;

    const nameCell = element('th');
    nameCell.scope = 'row';
    nameCell.append(element('span', 'cp-name', checkpoint.name || checkpoint.id), element('span', 'cp-id', checkpoint.id));
    if (!checkpoint.location) {
      const unplaced = element('span', 'cp-unplaced', 'sin coordenadas');
      unplaced.title = 'No coordinates: not drawn on the map';
      nameCell.append(unplaced);
    }

    const [kind, kindEnglish] = KIND_LABELS[checkpoint.kind] ?? [checkpoint.kind ?? '', ''];
    const kindCell = element('td', 'cp-kind', kind);
    kindCell.title = kindEnglish;
    const [state, stateEnglish] = STATE_LABELS[checkpoint.state] ?? [checkpoint.state ?? '', ''];
    const stateCell = element('td');
    const badge = element('span', `state-badge ${checkpoint.state === 'CHECKPOINT_STATE_CLOSED' ? 'closed' : 'active'}`, state);
    badge.title = stateEnglish;
    stateCell.append(badge);

    tr.append(nameCell, element('td', 'cp-region', checkpoint.region ?? ''), kindCell, stateCell);

    const row = { tr };
    for (const field of FIELDS) {
      const cell = element('td', 'num');
      row[field] = element('span', '', '—');
      row[field].dataset.field = field;
      cell.append(row[field]);
      tr.append(cell);
    }

    const shelter = element('td', 'occupancy');
    row.shelter = shelter;
    const figures = element('div', 'occupancy-figures');
    row.occupants = element('span', 'num', '—');
    row.occupants.dataset.field = 'occupants';
    row.capacity = element('span', 'num', '—');
    row.capacity.dataset.field = 'capacity';
    row.share = element('span', 'occupancy-share');
    row.flag = element('span', 'over-flag', 'SOBRECUPO');
    row.flag.title = 'Over capacity';
    row.flag.hidden = true;
    figures.append(row.occupants, element('span', 'of', '/'), row.capacity, row.share, row.flag);
    row.meter = element('div', 'meter');
    row.meter.setAttribute('aria-hidden', 'true');
    row.fill = element('div', 'meter-fill');
    row.meter.append(row.fill);
    shelter.append(figures, row.meter);
    tr.append(shelter);

    const sparkCell = element('td', 'spark');
    row.spark = chartElement('sparkline', `Llegadas por hora · Arrivals per hour, ${checkpoint.id}`);
    row.spark.classList.add('sparkline');
    sparkCell.append(row.spark);
    tr.append(sparkCell);

    this.#rows.set(checkpoint.id, row);
    return tr;
  }
}
