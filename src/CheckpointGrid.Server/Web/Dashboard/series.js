// Time series of one scope (QueryService.GetTimeSeries through /api/v1/timeseries), kept live from
// the watch feed: each ScopeCounts carries its current hour and day, which replace (or, when a new
// bucket starts, append to) the series. An event that lands in an older bucket (late, or
// backdated) shows as a change of the totals that the current bucket does not account for: then
// the series is fetched again, at most every REFETCH_MS.
import { authHeaders } from './access.js';
import { count } from './format.js';

const REFETCH_MS = 5_000;
const DAY_MS = 86_400_000;
// Movements whose late events the charts would show.
const WATCHED = ['arrival', 'shelterCheckIn', 'shelterCheckOut'];

/** The API query of a scope: "national", "region=…" or "checkpoint_id=…". */
export function scopeQuery(scope) {
  if (scope.checkpointId !== undefined) return `checkpoint_id=${encodeURIComponent(scope.checkpointId)}`;
  if (scope.region !== undefined) return `region=${encodeURIComponent(scope.region)}`;
  return 'national';
}

/** One scope's buckets at one granularity ("hourly": the default 48 h; "daily": 90 Panama days). */
export class Series {
  #scope;
  #granularity;
  #onChange;
  buckets = [];
  #last = null; // the latest ScopeCounts applied
  #lastAt = 0;
  #fetching = null;
  #refetchTimer = 0;
  #fetchedAt = 0;

  constructor(scope, granularity, onChange) {
    this.#scope = scope;
    this.#granularity = granularity;
    this.#onChange = onChange;
  }

  /** The ScopeCounts the series is consistent with (for occupancy), or null. */
  get latest() {
    return this.#last;
  }

  /** Fetches the whole window again; concurrent calls share one request. */
  refresh() {
    this.#fetching ??= this.#fetch().finally(() => {
      this.#fetching = null;
    });
    return this.#fetching;
  }

  /** Applies a ScopeCounts of this scope from the watch feed. */
  apply(counts) {
    const previous = this.#last;
    this.#last = counts;
    this.#lastAt = performance.now();
    const bucket = this.#granularity === 'hourly' ? counts?.currentHour : counts?.currentDay;
    if (previous && bucket && lateEvents(previous, counts, this.#granularity)) this.#refetchSoon();
    if (bucket && this.#place(bucket)) this.#onChange();
  }

  async #fetch() {
    const startedAt = performance.now();
    let url = `api/v1/timeseries?${scopeQuery(this.#scope)}&granularity=${this.#granularity}`;
    if (this.#granularity === 'daily') url += `&start_time=${new Date(Date.now() - 89 * DAY_MS).toISOString()}`;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json', ...authHeaders() } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.buckets = (await response.json()).buckets ?? [];
      this.#fetchedAt = performance.now();
      // Feed values that came while the request was out are newer than its answer for the current bucket.
      const current = this.#granularity === 'hourly' ? this.#last?.currentHour : this.#last?.currentDay;
      if (current && this.#lastAt > startedAt) this.#place(current);
      this.#onChange();
    } catch (error) {
      console.warn(`time series ${url}: ${error.message}; retrying`);
      this.#refetchSoon();
    }
  }

  #refetchSoon() {
    if (this.#refetchTimer) return;
    const wait = Math.max(0, REFETCH_MS - (performance.now() - this.#fetchedAt));
    this.#refetchTimer = setTimeout(() => {
      this.#refetchTimer = 0;
      this.refresh();
    }, wait);
  }

  /** Puts the current bucket in place; true when something changed. */
  #place(bucket) {
    const buckets = this.buckets;
    if (buckets.length === 0) return false; // not fetched yet: the fetch brings it
    const at = Date.parse(bucket.startTime);
    for (let i = buckets.length - 1; i >= 0; i--) {
      const start = Date.parse(buckets[i].startTime);
      if (start === at) {
        buckets[i] = bucket;
        return true;
      }
      if (start < at) break;
    }
    const lastStart = Date.parse(buckets[buckets.length - 1].startTime);
    if (at <= lastStart) return false; // older than the window's end: the refetch brings it
    // A new bucket began: slide the window (empty buckets between, if the feed was quiet that long, come with a refetch).
    if (Date.parse(buckets[buckets.length - 1].endTime) !== at) this.#refetchSoon();
    buckets.push(bucket);
    buckets.shift();
    return true;
  }
}

/** Whether totals moved more than the current bucket between two ScopeCounts: events landed in older buckets. */
function lateEvents(previous, counts, granularity) {
  const key = granularity === 'hourly' ? 'currentHour' : 'currentDay';
  const before = previous[key];
  const after = counts[key];
  if (!before || !after || before.startTime !== after.startTime) return false;
  return WATCHED.some((movement) => {
    const total = count(counts.totals?.[movement]?.people) - count(previous.totals?.[movement]?.people);
    const current = count(after.counts?.[movement]?.people) - count(before.counts?.[movement]?.people);
    return total !== current;
  });
}

/**
 * Shelter occupants at the end of each bucket, from the occupants now (which include every event)
 * less the check-ins and plus the check-outs of the buckets after it.
 */
export function occupancyByBucket(buckets, occupantsNow) {
  const result = new Array(buckets.length);
  let occupants = occupantsNow;
  for (let i = buckets.length - 1; i >= 0; i--) {
    result[i] = occupants;
    const counts = buckets[i].counts ?? {};
    occupants -= count(counts.shelterCheckIn?.people) - count(counts.shelterCheckOut?.people);
  }
  return result;
}
