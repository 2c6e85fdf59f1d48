// The bearer token of a server that requires one. The page asks for it once (a viewer or admin
// token), keeps it in sessionStorage (gone when the tab closes), sends it as a header where it can
// (fetch) and as access_token in the URL where it cannot (EventSource). It never logs it.

const STORAGE_KEY = 'checkpointgrid.token';

function token() {
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Headers for fetch: the token, when the session has one. */
export function authHeaders() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

/** The SSE URL with the token in its query (the server takes it there for the watch feed only). */
export function withToken(url) {
  const t = token();
  return t ? `${url}&access_token=${encodeURIComponent(t)}` : url;
}

/**
 * Resolves once the server lets this page read: at once when it needs no token or the kept one
 * works, otherwise after the user has entered one that works.
 */
export async function ensureAccess() {
  for (;;) {
    let response;
    try {
      response = await fetch('api/v1/checkpoints', { headers: { Accept: 'application/json', ...authHeaders() } });
    } catch {
      return; // unreachable for now: the page's own retries take over
    }
    if (response.status !== 401 && response.status !== 403) return;
    sessionStorage.removeItem(STORAGE_KEY);
    await askForToken((await response.text()).trim());
  }
}

function askForToken(reason) {
  const dialog = document.querySelector('[data-testid="token-dialog"]');
  const form = dialog.querySelector('form');
  dialog.querySelector('[data-testid="token-reason"]').textContent = reason;
  return new Promise((resolve) => {
    form.addEventListener('submit', function submitted(event) {
      event.preventDefault();
      const entered = form.elements.token.value.trim();
      if (!entered) return;
      form.removeEventListener('submit', submitted);
      sessionStorage.setItem(STORAGE_KEY, entered);
      form.reset();
      dialog.close();
      resolve();
    });
    dialog.showModal();
  });
}
