// The national panels: totals, direction of travel, minors, today, shelters, top nationalities.
import { countryName } from './countries.js';
import { count, element, formatPercent, setBar, setNumber, setText } from './format.js';

const TOP = 10;

export class NationalView {
  #numbers;
  #rows = [];
  #list;
  #empty;
  #northFill;
  #northShare;
  #southShare;
  #minorsShare;
  #shelterFill;
  #shelterShare;
  #shelterPanel;

  constructor(root) {
    const byTestId = (id) => root.querySelector(`[data-testid="${id}"]`);
    this.#numbers = {
      arrivals: byTestId('national-arrivals'),
      departures: byTestId('national-departures'),
      shelterCheckIns: byTestId('national-shelter-check-ins'),
      repatriations: byTestId('national-repatriations'),
      northbound: byTestId('national-northbound'),
      southbound: byTestId('national-southbound'),
      minors: byTestId('national-minors'),
      today: byTestId('national-today-arrivals'),
      occupants: byTestId('national-occupants'),
      capacity: byTestId('national-capacity'),
    };
    this.#list = byTestId('top-nationalities');
    this.#empty = root.querySelector('.nationality-empty');
    this.#northFill = root.querySelector('.north-fill');
    this.#northShare = root.querySelector('.north-share');
    this.#southShare = root.querySelector('.south-share');
    this.#minorsShare = root.querySelector('.minors-share');
    this.#shelterFill = root.querySelector('.shelter-fill');
    this.#shelterShare = root.querySelector('.shelter-share');
    this.#shelterPanel = root.querySelector('.kpi-shelter');
  }

  /** Shows a national ScopeCounts (proto3 JSON mapping). */
  render(values) {
    const totals = values?.totals ?? {};
    const arrival = totals.arrival ?? {};
    const arrivals = count(arrival.people);
    const n = this.#numbers;
    setNumber(n.arrivals, arrivals);
    setNumber(n.departures, count(totals.departure?.people));
    setNumber(n.shelterCheckIns, count(totals.shelterCheckIn?.people));
    setNumber(n.repatriations, count(totals.repatriationBoarding?.people));
    setNumber(n.today, count(values?.currentDay?.counts?.arrival?.people));

    const north = count(arrival.byDirection?.northbound);
    const south = count(arrival.byDirection?.southbound);
    setNumber(n.northbound, north);
    setNumber(n.southbound, south);
    const directed = north + south;
    // The track is southbound's colour; the northbound fill covers its share from the left.
    setBar(this.#northFill, directed ? north / directed : 0.5);
    setText(this.#northShare, directed ? formatPercent(north / directed) : '—');
    setText(this.#southShare, directed ? formatPercent(south / directed) : '—');

    const ages = arrival.byAgeGroup ?? {};
    const minors = count(ages.ages0To4) + count(ages.ages5To11) + count(ages.ages12To17);
    setNumber(n.minors, minors);
    setText(this.#minorsShare, arrivals ? formatPercent(minors / arrivals) : '—');

    const occupants = count(values?.shelter?.occupants);
    const capacity = values?.shelter?.capacity === undefined ? null : count(values.shelter.capacity);
    setNumber(n.occupants, occupants);
    setNumber(n.capacity, capacity);
    setBar(this.#shelterFill, capacity ? occupants / capacity : 0);
    setText(this.#shelterShare, capacity ? formatPercent(occupants / capacity) : '—');
    this.#shelterPanel.classList.toggle('over', capacity !== null && occupants > capacity);

    this.#renderNationalities(arrival.byNationality ?? {}, arrivals);
  }

  #renderNationalities(byNationality, arrivals) {
    const top = Object.entries(byNationality)
      .map(([code, people]) => [code, count(people)])
      .filter(([, people]) => people > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOP);
    while (this.#rows.length < top.length) this.#rows.push(this.#addRow());
    const largest = top.length ? top[0][1] : 1;
    this.#rows.forEach((row, i) => {
      const entry = top[i];
      row.li.hidden = !entry;
      if (!entry) {
        row.value.removeAttribute('data-nationality');
        return;
      }
      const [code, people] = entry;
      if (row.value.dataset.nationality !== code) {
        const [spanish, english] = countryName(code);
        row.value.dataset.nationality = code;
        row.code.textContent = code;
        row.name.textContent = spanish;
        row.li.title = english;
      }
      setNumber(row.value, people);
      setText(row.share, arrivals ? formatPercent(people / arrivals) : '');
      setBar(row.fill, people / largest);
    });
    this.#empty.hidden = top.length > 0;
  }

  #addRow() {
    const li = element('li', 'nationality');
    const code = element('span', 'nat-code');
    const name = element('span', 'nat-name');
    const value = element('span', 'nat-value num');
    const share = element('span', 'nat-share');
    const track = element('div', 'nat-track');
    const fill = element('div', 'nat-fill');
    track.setAttribute('aria-hidden', 'true');
    track.append(fill);
    li.append(code, name, value, share, track);
    this.#list.append(li);
    return { li, code, name, value, share, fill };
  }
}
