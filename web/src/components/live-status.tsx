/**
 * Says whether the page is updating live, in words (a status region, so screen readers hear changes
 * politely): connecting, live (and how many statements arrived since the page opened), reconnecting,
 * or off because the server cannot deliver live events.
 */
import { useLiveConnection } from '../live/live-connection';

export function LiveStatus({ unavailable, added }: { unavailable: boolean; added: number }) {
  const connection = useLiveConnection();
  let text: string;
  let state: string;
  if (unavailable) {
    state = 'unavailable';
    text = 'Live updates are off: this server cannot deliver them. Reload the page to see new statements.';
  } else if (connection === 'connected') {
    state = 'live';
    text = `Live: new statements appear here as they are recorded.${added > 0 ? ` ${added} added since you opened this page.` : ''}`;
  } else if (connection === 'reconnecting') {
    state = 'reconnecting';
    text = 'Live updates interrupted; reconnecting…';
  } else {
    state = 'connecting';
    text = 'Connecting to live updates…';
  }
  return (
    <p role="status" className={`live-status live-${state}`} data-live={state}>
      {text}
    </p>
  );
}

export function RemovedNotice({ what }: { what: string }) {
  return (
    <div role="alert" className="error-state">
      <h2>Removed</h2>
      <p>{what}</p>
    </div>
  );
}
