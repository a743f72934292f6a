// The 152 cameras and their alerts as the wall and the police screen show them: names of alert kinds and statuses in
// Chinese, the camera directory (GET /api/cameras: positions, intersections, online status) and the camera markers on
// the district map. Plates and details are whatever the host sent: masked for the wall, in full for the police.

const SVG = "http://www.w3.org/2000/svg";

/** Alert kinds (AlertKind on the host) in the words of the command centre. */
export const ALERT_KINDS = {
  clonedplate: "套牌",
  wantedplate: "布控车辆",
  fenceenter: "电子围栏 · 进入",
  fenceexit: "电子围栏 · 离开",
  fencedwell: "电子围栏 · 滞留",
  personofinterest: "布控人员",
  cameraoffline: "摄像机离线",
};

/** Alert statuses: new → acknowledged → dispatched → closed. */
export const ALERT_STATUSES = {
  new: "新",
  acknowledged: "已确认",
  dispatched: "已派警",
  closed: "已关闭",
};

const key = value => String(value ?? "").toLowerCase();
export const alertKindName = kind => ALERT_KINDS[key(kind)] ?? String(kind ?? "");
export const alertStatusName = status => ALERT_STATUSES[key(status)] ?? String(status ?? "");
/** The status as a stable lower-case token for data attributes and styles. */
export const alertStatusKey = status => key(status);

const STATUS_ORDER = { new: 0, acknowledged: 1, dispatched: 2, closed: 3 };

/** True when `incoming` is an older step of the alert than `held`: an alert only moves forward, whatever order the
 * pushes and the lists arrive in. */
export function isBehind(held, incoming) {
  return !!held && (STATUS_ORDER[key(held.status)] ?? 0) > (STATUS_ORDER[key(incoming.status)] ?? 0);
}

export function svgEl(tag, attributes = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  return e;
}

/**
 * The camera directory: cameraId → status (intersection, position, online), from GET /api/cameras with the session's
 * token (`getJson` is the screen's authorised GET).
 */
export async function loadCameras(getJson) {
  const list = await getJson("/api/cameras");
  return new Map(list.map(c => [c.cameraId, c]));
}

/** Where an alert or a sighting happened, in words: the camera's intersection, or its ID when unknown. */
export function placeOf(cameras, cameraId) {
  return cameras.get(cameraId)?.intersection ?? cameraId ?? "";
}

/**
 * One small circle per camera in a new <g class="cameras"> of `svg`, coloured by its status (class online/offline,
 * data-online). Returns { update(status) } to restyle one camera after a cameraStatus push.
 */
export function drawCameraMarkers(svg, cameras, project, { radius = 4 } = {}) {
  const group = svgEl("g", { class: "cameras" });
  const markers = new Map();
  for (const c of cameras.values()) {
    const [x, y] = project([c.longitude, c.latitude]);
    const marker = svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius });
    marker.dataset.camera = c.cameraId;
    const title = svgEl("title");
    title.textContent = `${c.intersection}（${c.cameraId}）`;
    marker.appendChild(title);
    group.appendChild(marker);
    markers.set(c.cameraId, marker);
  }
  svg.appendChild(group);
  const update = status => {
    const marker = markers.get(status.cameraId);
    if (!marker) return;
    const online = status.online === true;
    marker.dataset.online = String(online);
    marker.setAttribute("class", online ? "online" : "offline");
  };
  for (const c of cameras.values()) update(c);
  return { group, markers, update };
}
