// The live connection every screen shares: one SignalR connection to /hubs/district, a visible connection indicator,
// reconnection that never gives up (a wall display has nobody to press F5), and views that rejoin their groups and
// reload their snapshot after every (re)connection.
//
// The SignalR client is @microsoft/signalr (MIT), fetched by the build from the npm registry and served by this host
// at /vendor/signalr.min.js; the page loads it with a classic <script> tag before its module, as `window.signalR`.

import { unauthorized } from "./identity.js";

const STATES = {
  connecting: { text: "连接中…", className: "connecting" },
  connected: { text: "实时连接正常", className: "connected" },
  reconnecting: { text: "连接中断，正在重连…", className: "reconnecting" },
  disconnected: { text: "已断开，正在重试…", className: "disconnected" },
};

/** Delays between attempts: quick at first, then every 5 s, forever. */
export function retryDelay(attempt) {
  return [0, 500, 1000, 2000, 3000][attempt] ?? 5000;
}

/**
 * Opens the connection and keeps it open. `views` are objects with `start(connection)` (join groups, load the
 * snapshot), called after the first connection and again after every reconnection. `handlers` maps hub method
 * names to functions. `indicator` is an element whose text and `data-state` show the connection state.
 */
export function connectLive({ views = [], handlers = {}, indicator, accessToken } = {}) {
  const signalR = window.signalR;
  if (!signalR) throw new Error("SignalR client not loaded: /vendor/signalr.min.js");

  // WebSockets straight away, without the negotiation round trip: one request per connection, so any host behind the
  // proxy can take it (no sticky sessions), and a reconnection after a host leaves lands on whichever host is ready.
  const options = { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets };
  if (accessToken) options.accessTokenFactory = accessToken;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/district", options)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => retryDelay(ctx.previousRetryCount) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  const show = state => {
    if (!indicator) return;
    indicator.dataset.state = state;
    indicator.className = `connection ${STATES[state].className}`;
    indicator.textContent = STATES[state].text;
    indicator.setAttribute("role", "status");
  };

  for (const [name, handler] of Object.entries(handlers)) connection.on(name, handler);

  const startViews = async () => {
    for (const view of views) {
      try {
        await view.start(connection);
      } catch (e) {
        console.warn("view failed to start", e);
        // A view that could not load its snapshot is retried by dropping the connection, which reconnects.
        await connection.stop();
        return;
      }
    }
    show("connected");
  };

  connection.onreconnecting(() => show("reconnecting"));
  connection.onreconnected(() => startViews());

  // The automatic policy covers a connection that was established; a first start that fails, or a connection that
  // closed after the policy gave up (or a view stopped it), is restarted here.
  let attempt = 0;
  const start = async () => {
    show(attempt === 0 ? "connecting" : "disconnected");
    try {
      await connection.start();
      attempt = 0;
      await startViews();
    } catch (e) {
      // The hub refused the token (expired, or the host was restarted with another key): sign in again. A refused
      // WebSocket carries no status code, so the token is checked once over HTTP.
      if (e?.statusCode === 401 || /Status code '401'/.test(String(e?.message)) || (accessToken && await tokenRefused(accessToken))) {
        return unauthorized();
      }
      attempt++;
      setTimeout(start, retryDelay(Math.min(attempt, 5)));
    }
  };
  connection.onclose(() => {
    attempt++;
    setTimeout(start, retryDelay(Math.min(attempt, 5)));
  });
  start();
  return connection;
}

/** Whether the host answers 401 to the token (a network error or another status: not refused). */
async function tokenRefused(accessToken) {
  try {
    const token = await accessToken();
    const response = await fetch("/api/auth/me", { headers: { Authorization: `Bearer ${token}` }, credentials: "same-origin" });
    return response.status === 401;
  } catch {
    return false;
  }
}

/**
 * A view that follows a sequenced stream: a snapshot numbered `sequence`, then deltas numbered sequence+1, +2, ….
 * Deltas that arrive while the snapshot loads are buffered and applied after it if they are newer; a gap in the
 * numbering reloads the snapshot. Register `onDelta` as the hub handler for the delta method.
 */
export function sequencedView({ join, loadSnapshot, applySnapshot, applyDelta }) {
  let last = null; // sequence of the last applied message, or null while loading
  let buffer = [];
  let connection = null;

  const resync = async () => {
    last = null;
    buffer = [];
    const snapshot = await loadSnapshot(connection);
    applySnapshot(snapshot);
    last = snapshot.sequence;
    const pending = buffer.filter(d => d.sequence > last).sort((a, b) => a.sequence - b.sequence);
    buffer = [];
    for (const d of pending) onDelta(d);
  };

  const onDelta = delta => {
    if (last === null) {
      buffer.push(delta);
      return;
    }
    if (delta.sequence <= last) return; // already in the snapshot
    if (delta.sequence !== last + 1) {
      resync().catch(e => console.warn("resync failed", e));
      return;
    }
    applyDelta(delta);
    last = delta.sequence;
  };

  return {
    onDelta,
    async start(c) {
      connection = c;
      last = null;
      buffer = [];
      await join(c);
      await resync();
    },
  };
}

/** Sets an element's text (never HTML) and returns it; the one way screens write citizens' words. */
export function text(element, value) {
  element.textContent = value ?? "";
  return element;
}

/** Creates an element with a class and text content. */
export function el(tag, className, content) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (content !== undefined && content !== null) e.textContent = String(content);
  return e;
}
