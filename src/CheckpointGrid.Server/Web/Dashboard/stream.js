// One Server-Sent Events watch stream (/api/v1/watch) with its connection state.
//
// EventSource reconnects by itself after a network error; when it gives up (HTTP error, wrong
// content type) we open a new one with backoff. A stream that is silent for longer than three
// server heartbeats (15 s each) is treated as dead and reopened: a dropped TCP connection is not
// always reported.

const SILENCE_LIMIT_MS = 45_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/** States: "connecting" (no snapshot yet), "live" (snapshot received), "offline" (lost; retrying). */
export class WatchStream {
  #url;
  #urlOf;
  #handlers;
  #source = null;
  #state = 'connecting';
  #retryMs = RETRY_MIN_MS;
  #silenceTimer = 0;
  #retryTimer = 0;

  /**
   * handlers: { snapshot(scopes), update(changed), heartbeat(serverTime), state(state) }.
   * urlOf(url), if given, makes the URL each connection opens (adds the token); logs show url only.
   */
  constructor(url, handlers, urlOf = (u) => u) {
    this.#url = url;
    this.#urlOf = urlOf;
    this.#handlers = handlers;
  }

  get state() {
    return this.#state;
  }

  start() {
    clearTimeout(this.#retryTimer);
    this.#source?.close();
    const source = new EventSource(this.#urlOf(this.#url));
    this.#source = source;
    source.addEventListener('snapshot', (e) => this.#receive(e, (m) => {
      this.#retryMs = RETRY_MIN_MS;
      this.#setState('live');
      this.#handlers.snapshot(m.snapshot?.scopes ?? []);
    }));
    source.addEventListener('update', (e) => this.#receive(e, (m) => this.#handlers.update(m.update?.changed ?? [])));
    source.addEventListener('heartbeat', (e) => this.#receive(e, (m) => this.#handlers.heartbeat(m.heartbeat?.serverTime)));
    source.addEventListener('error', () => this.#onError(source));
    this.#armSilenceTimer();
  }

  #receive(event, handle) {
    if (event.target !== this.#source) return;
    this.#armSilenceTimer();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      console.error(`watch ${this.#url}: a ${event.type} message is not JSON`);
      return;
    }
    handle(message);
  }

  #onError(source) {
    if (source !== this.#source) return;
    this.#setState('offline');
    if (source.readyState === EventSource.CLOSED) this.#retryLater();
    // Otherwise EventSource is already reconnecting; the next snapshot makes the stream live.
  }

  #retryLater() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.start(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
  }

  #armSilenceTimer() {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => {
      this.#source?.close();
      this.#setState('offline');
      this.start();
    }, SILENCE_LIMIT_MS);
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    this.#handlers.state(state);
  }
}
