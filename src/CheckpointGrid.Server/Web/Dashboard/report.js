// The monthly report's CSV download (SNM's columns, see /api/v1/report.csv): a month, a flow,
// and the page's scope — national unless the page's URL names region= or checkpoint_id=.
// Fetched with the session's token (a plain link could not send it), then saved from a blob.
import { authHeaders } from './access.js';

const form = document.querySelector('[data-testid="report-form"]');
const status = form.querySelector('[data-testid="report-status"]');
const monthInput = form.elements.month;

function panamaMonth(now = new Date()) {
  const panama = new Date(now.getTime() - 5 * 3600 * 1000); // UTC−05:00 all year
  return `${panama.getUTCFullYear()}-${String(panama.getUTCMonth() + 1).padStart(2, '0')}`;
}

monthInput.value = panamaMonth();
monthInput.max = monthInput.value;

function reportUrl() {
  const [year, month] = monthInput.value.split('-');
  const query = new URLSearchParams({ year: String(Number(year)), month: String(Number(month)), direction: form.elements.direction.value });
  const page = new URLSearchParams(location.search);
  if (page.get('region')) query.set('region', page.get('region'));
  else if (page.get('checkpoint_id')) query.set('checkpoint_id', page.get('checkpoint_id'));
  return `api/v1/report.csv?${query}`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!monthInput.value) return;
  status.textContent = '…';
  try {
    const response = await fetch(reportUrl(), { headers: authHeaders() });
    if (!response.ok) {
      status.textContent = (await response.text()).trim();
      return;
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'report.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = name;
  } catch (error) {
    status.textContent = String(error);
  }
});
