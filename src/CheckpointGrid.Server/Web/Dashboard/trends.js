// The trends of the viewed scope: arrivals by hour (48 h) and by day (90 days), northbound
// against southbound, and shelter occupancy against capacity by hour, all live from the feed.
import { chartElement, drawDirectionBars, drawOccupancy } from './charts.js';
import { count } from './format.js';
import { Series, occupancyByBucket } from './series.js';

export class TrendsView {
  #hourly;
  #daily;
  #charts;

  /** root holds [data-chart="hourly"|"daily"|"occupancy"] slots; onChange asks for a render. */
  constructor(root, scope, onChange) {
    this.#hourly = new Series(scope, 'hourly', onChange);
    this.#daily = new Series(scope, 'daily', onChange);
    const slot = (name, testId, label) => {
      const chart = chartElement(testId, label);
      root.querySelector(`[data-chart="${name}"]`).append(chart);
      return chart;
    };
    this.#charts = {
      hourly: slot('hourly', 'chart-hourly', 'Llegadas por hora, norte y sur · Arrivals per hour, north and south'),
      daily: slot('daily', 'chart-daily', 'Llegadas por día, norte y sur · Arrivals per day, north and south'),
      occupancy: slot('occupancy', 'chart-occupancy', 'Ocupación de albergues por hora · Shelter occupancy per hour'),
    };
  }

  /** Fetches both series (at start and after a reconnect). */
  refresh() {
    this.#hourly.refresh();
    this.#daily.refresh();
  }

  /** The scope's ScopeCounts from the feed. */
  apply(counts) {
    this.#hourly.apply(counts);
    this.#daily.apply(counts);
  }

  render() {
    drawDirectionBars(this.#charts.hourly, this.#hourly.buckets, 'hourly');
    drawDirectionBars(this.#charts.daily, this.#daily.buckets, 'daily');
    const latest = this.#hourly.latest;
    if (!latest) return;
    const capacity = latest.shelter?.capacity === undefined ? null : count(latest.shelter.capacity);
    const occupants = occupancyByBucket(this.#hourly.buckets, count(latest.shelter?.occupants));
    drawOccupancy(this.#charts.occupancy, this.#hourly.buckets, occupants, capacity, 'hourly');
  }
}
