// The wall's smart-security layer (智能安防): the 152 cameras as markers on the district map coloured by status, the
// count online, and the newest camera alerts. The wall is in a room full of people: the host sends it alerts with the
// plate masked (黑A·***45), no person reference and no police note, and this panel shows kind, masked plate, place,
// time and status only: the short fields read from across the room.
import { el, text } from "./live.js";
import { getJson, localTime } from "./wall-directory.js";
import { loadCameras, drawCameraMarkers, alertKindName, alertStatusName, alertStatusKey, placeOf, isBehind } from "./cameras.js";

const ALERT_LIST_SIZE = 12;

/**
 * A view for connectLive: `start` loads the cameras and the newest alerts (after every (re)connection; JoinWall of the
 * picture view already put the connection into the wall group that gets cameraStatus and cameraAlert), and the two
 * handlers apply the pushes. Status pushes that arrive while the list loads are applied after it.
 */
export function createCameraPanel({ svg, project, count, list }) {
  let cameras = new Map();
  let markers = null;
  let loading = true;
  let pending = [];
  const alerts = new Map(); // id → alert as the wall shows it

  const drawCount = () => {
    const online = [...cameras.values()].filter(c => c.online === true).length;
    count.dataset.online = String(online);
    count.dataset.total = String(cameras.size);
    text(count, `在线 ${online} / ${cameras.size}`);
  };

  const applyStatus = status => {
    const known = cameras.get(status.cameraId);
    if (!known) return;
    cameras.set(status.cameraId, { ...known, ...status });
    markers.update(status);
  };

  const drawAlerts = () => {
    const newest = [...alerts.values()].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).slice(0, ALERT_LIST_SIZE);
    for (const id of [...alerts.keys()]) if (!newest.some(a => a.id === id)) alerts.delete(id);
    list.replaceChildren(...(newest.length ? newest.map(alertItem) : [el("li", "empty", "暂无预警")]));
  };

  const alertItem = a => {
    const status = alertStatusKey(a.status);
    const item = el("li", `alert status-${status}`);
    item.dataset.alert = a.id;
    item.dataset.kind = a.kind;
    item.dataset.status = status;
    item.appendChild(el("span", "time", localTime(a.raisedAt)));
    item.appendChild(el("span", "kind", alertKindName(a.kind)));
    item.appendChild(el("span", "state", alertStatusName(a.status)));
    if (a.plate) item.appendChild(el("span", "plate", a.plate));
    item.appendChild(el("span", "place", placeOf(cameras, a.cameraId)));
    return item;
  };

  /** Keeps the furthest status: an alert only moves forward, whatever order the pushes and the list arrive in. */
  const upsert = a => {
    const held = alerts.get(a.id);
    if (isBehind(held, a)) return;
    alerts.set(a.id, a);
  };

  return {
    async start() {
      loading = true;
      pending = [];
      const [fresh, recent] = await Promise.all([loadCameras(getJson), getJson(`/api/alerts?limit=${ALERT_LIST_SIZE}`)]);
      cameras = fresh;
      if (!markers) markers = drawCameraMarkers(svg, cameras, project);
      for (const c of cameras.values()) markers.update(c);
      for (const s of pending) applyStatus(s);
      pending = [];
      loading = false;
      drawCount();
      for (const a of recent) upsert(a);
      drawAlerts();
    },
    onCameraStatus(status) {
      if (loading) {
        pending.push(status);
        return;
      }
      applyStatus(status);
      drawCount();
    },
    onCameraAlert(alert) {
      upsert(alert);
      if (!loading) drawAlerts();
    },
  };
}
