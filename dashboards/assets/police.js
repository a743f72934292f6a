// The police screen (公安研判): the alert queue with full plates and its lifecycle (确认 → 派警 → 关闭, 立案), and the
// plate query: the vehicle profile, its companions and a replay of its trajectory on the district map. Police only.
// Every read under /api/police states a reason, which the host writes to the audit log before it answers: the queue
// asks for the duty reason once (and reads again with it after every reconnection), each plate query for its own.
// The host refuses a query without a reason (400 naming `reason`); this page shows that refusal next to the field.
import { loadLayer, fitProjection, createSvg, drawLayer, drawLabels } from "./district-map.js";
import { connectLive, el, text } from "./live.js";
import { requireSession, accessToken } from "./identity.js";
import { api, ApiProblem, showFieldMessage } from "./api.js";
import { localTime } from "./wall-directory.js";
import { loadCameras, drawCameraMarkers, alertKindName, alertStatusName, alertStatusKey, placeOf, isBehind, svgEl } from "./cameras.js";

const MAP_WIDTH = 1000, MAP_HEIGHT = 720;
const QUEUE_SIZE = 50;
const REPLAY_MS = 8000; // a whole trajectory plays in this long, whatever its span
const REPLAY_TICK_MS = 40;

const $ = id => document.getElementById(id);
let cameras = new Map();
let trajectoryLayer;
let project;

function notice(message, kind = "bad") {
  const n = $("notice");
  n.hidden = !message;
  n.dataset.kind = kind;
  text(n, message);
}

/** Clears a form's field messages and writes the host's refusal next to the fields it names. */
function showProblem(form, result, error) {
  for (const slot of form.querySelectorAll("[data-field-error]")) {
    slot.textContent = "";
    slot.title = "";
  }
  for (const input of form.querySelectorAll("input")) input.removeAttribute("aria-invalid");
  text(result, "");
  if (!error) return;
  result.dataset.kind = "bad";
  let placed = false;
  for (const [field, messages] of Object.entries(error.fields ?? {})) {
    const slot = form.querySelector(`[data-field-error="${CSS.escape(field)}"]`);
    if (!slot) continue;
    showFieldMessage(slot, field, messages);
    form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute("aria-invalid", "true");
    placed = true;
  }
  text(result, placed ? "查询未被受理，请按提示修改" : error.message);
}

// ---- the alert queue -----------------------------------------------------------------------------------------------

const queue = new Map(); // id → alert in full
let dutyReason = null;
let live = null;

const ACTIONS = [
  { action: "acknowledge", label: "确认", when: s => s === "new" },
  { action: "dispatch", label: "派警", when: s => s === "acknowledged" },
  { action: "close", label: "关闭", when: s => s !== "closed" },
];

function upsert(alert) {
  const held = queue.get(alert.id);
  if (isBehind(held, alert)) return;
  queue.set(alert.id, { ...held, ...alert, caseId: alert.caseId ?? held?.caseId ?? null });
}

function drawQueue() {
  const items = [...queue.values()].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).slice(0, QUEUE_SIZE);
  for (const id of [...queue.keys()]) if (!items.some(a => a.id === id)) queue.delete(id);
  $("queue").replaceChildren(...items.map(alertItem));
  text($("queue-count"), items.filter(a => alertStatusKey(a.status) !== "closed").length);
  $("queue-empty").hidden = items.length > 0;
  if (dutyReason && items.length === 0) text($("queue-empty"), "暂无预警");
}

function alertItem(a) {
  const status = alertStatusKey(a.status);
  const item = el("li", `alert status-${status}`);
  item.dataset.alert = a.id;
  item.dataset.kind = a.kind;
  item.dataset.status = status;
  const head = el("div", "alert-head");
  head.append(el("span", "kind", alertKindName(a.kind)), el("span", "state", alertStatusName(a.status)), el("time", "time", localTime(a.raisedAt)));
  item.appendChild(head);
  if (a.plate) item.appendChild(el("span", "plate", a.plate));
  if (a.personRef) item.appendChild(el("span", "person", `人员编号 ${a.personRef}`));
  item.appendChild(el("span", "place", placeOf(cameras, a.cameraId)));
  item.appendChild(el("p", "detail", a.detail));
  if (a.policeNote) item.appendChild(el("p", "police-note", `布控事由：${a.policeNote}`));
  if (a.caseId) item.appendChild(el("span", "case", `已立案 ${a.caseId}`));
  const actions = el("div", "actions");
  for (const { action, label, when } of ACTIONS) {
    if (!when(status)) continue;
    const button = el("button", null, label);
    button.type = "button";
    button.dataset.action = action;
    button.addEventListener("click", () => act(a.id, action, button));
    actions.appendChild(button);
  }
  if (!a.caseId) {
    const button = el("button", "secondary", "立案");
    button.type = "button";
    button.dataset.action = "case";
    button.addEventListener("click", () => act(a.id, "case", button, { category: $("case-category").value || null }));
    actions.appendChild(button);
  }
  if (a.plate) {
    const button = el("button", "secondary", "查轨迹");
    button.type = "button";
    button.dataset.action = "query";
    button.addEventListener("click", () => {
      $("query-plate").value = a.plate;
      $("query-reason").focus();
    });
    actions.appendChild(button);
  }
  item.appendChild(actions);
  return item;
}

/** An action on the alert; the host answers with the alert masked, so only its status and case are taken from it. */
async function act(id, action, button, body = {}) {
  button.disabled = true;
  const result = $("queue-result");
  text(result, "");
  try {
    const answer = await api(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: "POST", body });
    const held = queue.get(id);
    if (held) upsert({ ...held, status: answer.status, caseId: answer.caseId ?? held.caseId });
    drawQueue();
  } catch (e) {
    result.dataset.kind = "bad";
    text(result, !(e instanceof ApiProblem) ? String(e) :
      e.fields?.category ? "请先选择立案类别" :
      e.status === 409 ? "预警当前状态不允许此操作" :
      e.status === 404 ? "预警不存在" : e.message);
    button.disabled = false;
  }
}

async function loadQueue(reason) {
  const alerts = await api(`/api/police/alerts?reason=${encodeURIComponent(reason)}&limit=${QUEUE_SIZE}`);
  for (const a of alerts) upsert(a);
  drawQueue();
}

async function onQueueSubmit(event) {
  event.preventDefault();
  const form = $("queue-form");
  const reason = $("queue-reason").value;
  showProblem(form, $("queue-result"), null);
  try {
    await loadQueue(reason);
  } catch (e) {
    showProblem(form, $("queue-result"), e);
    return;
  }
  dutyReason = reason;
  $("queue-reason").readOnly = true;
  $("queue-load").hidden = true;
  if (live) return;
  $("connection").hidden = false;
  // Live alerts come in full to the police group; after every (re)connection the queue is read again with the duty reason.
  live = connectLive({
    views: [{ async start(c) { await c.invoke("JoinPolice"); await loadQueue(dutyReason); } }],
    handlers: { cameraAlert: a => { upsert(a); drawQueue(); } },
    indicator: $("connection"),
    accessToken,
  });
}

async function loadCategories() {
  const select = $("case-category");
  const none = el("option", null, "请选择立案类别");
  none.value = "";
  try {
    const categories = await api("/api/appeals/categories");
    select.replaceChildren(none, ...categories.map(c => {
      const option = el("option", null, c.name);
      option.value = c.code;
      return option;
    }));
  } catch {
    select.replaceChildren(none);
  }
}

// ---- the plate query -----------------------------------------------------------------------------------------------

async function onQuerySubmit(event) {
  event.preventDefault();
  const form = $("query-form");
  const plate = $("query-plate").value.trim();
  const reason = $("query-reason").value;
  const k = $("query-k").value.trim();
  showProblem(form, $("query-result"), null);
  replay.load(null);
  $("result").hidden = true;
  const path = p => `/api/police/vehicles/${encodeURIComponent(plate)}/${p}?reason=${encodeURIComponent(reason)}`;
  $("query-submit").disabled = true;
  try {
    const [profile, trajectory, companions] = await Promise.all([api(path("profile")), api(path("trajectory")),
      api(`${path("companions")}&k=${encodeURIComponent(k)}`)]);
    drawProfile(profile, trajectory);
    drawCompanions(companions);
    replay.load(trajectory);
    $("result").hidden = false;
    const result = $("query-result");
    result.dataset.kind = "ok";
    text(result, `已查询 ${trajectory.properties.plate}，事由已记入审计日志`);
  } catch (e) {
    showProblem(form, $("query-result"), e instanceof ApiProblem ? e : new ApiProblem(0, null, String(e)));
  } finally {
    $("query-submit").disabled = false;
  }
}

function drawProfile(profile, trajectory) {
  text($("profile-plate"), trajectory.properties.plate);
  const rows = [
    ["首次出现", profile.firstSeen ? localTime(profile.firstSeen) : "无记录"],
    ["过车记录", `${profile.reads} 次`],
    ["夜间过车", `${profile.nightReads} 次`],
    ["到访", `${profile.visits.length} 次`],
  ];
  const list = $("profile");
  list.replaceChildren();
  for (const [name, value] of rows) list.append(el("dt", null, name), el("dd", null, value));
  for (const v of profile.visits.slice(-5)) {
    const minutes = Math.round((Date.parse(v.end) - Date.parse(v.start)) / 60000);
    list.append(el("dt", "visit", "到访记录"), el("dd", "visit", `${localTime(v.start)} 起 停留 ${minutes} 分钟 · ${v.cameras} 个卡口 · ${v.reads} 次`));
  }
}

function drawCompanions(companions) {
  text($("companions-count"), companions.length);
  $("companions").replaceChildren(...(companions.length === 0 ? [el("li", "empty", "未发现伴随车辆")] : companions.map(c => {
    const item = el("li", "companion");
    item.dataset.plate = c.plate;
    item.append(el("span", "plate", c.plate), el("span", "shared", `共同经过 ${c.sharedCameras} 个卡口`));
    const passes = el("ol", "passes");
    for (const s of c.shared) {
      const gap = Math.round(Math.abs(Date.parse(s.companionAt) - Date.parse(s.targetAt)) / 1000);
      passes.appendChild(el("li", null, `${localTime(s.targetAt)} · ${placeOf(cameras, s.cameraId)} · 相差 ${gap} 秒`));
    }
    item.appendChild(passes);
    return item;
  })));
}

// ---- the trajectory replay -----------------------------------------------------------------------------------------

/** The path as an SVG polyline over the cameras, a marker moved through the sightings in time order by a slider. */
function createReplay() {
  const play = $("replay-play"), slider = $("replay-slider"), clock = $("replay-time");
  let points = []; // { x, y, at (ms), cameraId }
  let timer = null;

  const stop = state => {
    clearInterval(timer);
    timer = null;
    play.dataset.state = state;
    text(play, state === "ended" ? "重新播放" : "播放");
  };

  const show = position => {
    if (points.length === 0) return;
    const first = points[0].at, last = points[points.length - 1].at;
    const at = points.length === 1 || last === first ? last : first + (last - first) * position / 1000;
    let i = 0;
    while (i < points.length - 1 && points[i + 1].at <= at) i++;
    const from = points[i], to = points[Math.min(i + 1, points.length - 1)];
    const f = to.at > from.at ? Math.min(1, (at - from.at) / (to.at - from.at)) : 0;
    const marker = $("replay-marker");
    marker.setAttribute("cx", (from.x + (to.x - from.x) * f).toFixed(1));
    marker.setAttribute("cy", (from.y + (to.y - from.y) * f).toFixed(1));
    marker.dataset.index = String(i);
    text(clock, `${localTime(new Date(at).toISOString())} · 第 ${i + 1} / ${points.length} 个卡口`);
    for (const item of $("sightings").children) {
      const index = Number(item.dataset.index);
      item.classList.toggle("current", index === i);
      item.classList.toggle("passed", index < i);
    }
  };

  slider.addEventListener("input", () => {
    if (timer) stop("paused");
    show(Number(slider.value));
  });

  play.addEventListener("click", () => {
    if (timer) return stop("paused");
    if (Number(slider.value) >= 1000) slider.value = "0";
    play.dataset.state = "playing";
    text(play, "暂停");
    timer = setInterval(() => {
      const next = Math.min(1000, Number(slider.value) + 1000 * REPLAY_TICK_MS / REPLAY_MS);
      slider.value = String(next);
      show(next);
      if (next >= 1000) stop("ended");
    }, REPLAY_TICK_MS);
  });

  return {
    /** Draws a trajectory (the host's GeoJSON Feature), or clears the map with null. */
    load(feature) {
      stop("paused");
      trajectoryLayer.replaceChildren();
      $("sightings").replaceChildren();
      text(clock, "");
      slider.value = "0";
      points = [];
      if (!feature) {
        play.disabled = slider.disabled = true;
        return;
      }
      const g = feature.geometry;
      const coordinates = !g ? [] : g.type === "Point" ? [g.coordinates] : g.coordinates;
      points = coordinates.map((c, i) => {
        const [x, y] = project(c);
        return { x, y, at: Date.parse(feature.properties.times[i]), cameraId: feature.properties.cameras[i] };
      });
      text($("sightings-count"), points.length);
      if (points.length === 0) {
        $("sightings").appendChild(el("li", "empty", "近24小时无过车记录"));
        play.disabled = slider.disabled = true;
        return;
      }
      const path = svgEl("polyline", { id: "trajectory-path", points: points.map(p => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ") });
      trajectoryLayer.appendChild(path);
      points.forEach((p, i) => {
        const dot = svgEl("circle", { class: "stop", cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 7 });
        dot.dataset.index = String(i);
        trajectoryLayer.appendChild(dot);
        const label = svgEl("text", { x: (p.x + 10).toFixed(1), y: (p.y - 8).toFixed(1) });
        label.textContent = String(i + 1);
        trajectoryLayer.appendChild(label);
        const item = el("li");
        item.dataset.index = String(i);
        item.dataset.camera = p.cameraId;
        item.append(el("span", "n", i + 1), el("time", "time", localTime(feature.properties.times[i])), el("span", "place", placeOf(cameras, p.cameraId)));
        item.addEventListener("click", () => {
          if (timer) stop("paused");
          const first = points[0].at, last = points[points.length - 1].at;
          slider.value = String(last > first ? Math.round(1000 * (p.at - first) / (last - first)) : 1000);
          show(Number(slider.value));
        });
        $("sightings").appendChild(item);
      });
      trajectoryLayer.appendChild(svgEl("circle", { id: "replay-marker", r: 10 }));
      play.disabled = slider.disabled = points.length < 2;
      show(points.length < 2 ? 1000 : 0);
    },
  };
}

let replay;

// ---- start ---------------------------------------------------------------------------------------------------------

const session = requireSession({ roles: ["police"], expectedRole: "police", refusal: $("refusal"), header: document.querySelector("header") });
if (session) try {
  $("desk").hidden = false;
  const [streets, grids] = await Promise.all([loadLayer("streets"), loadLayer("grids")]);
  cameras = await loadCameras(p => api(p));
  project = fitProjection(streets, MAP_WIDTH, MAP_HEIGHT);
  const svg = createSvg($("map"), MAP_WIDTH, MAP_HEIGHT);
  drawLayer(svg, grids, project, "grids");
  drawLayer(svg, streets, project, "streets");
  drawLabels(svg, streets, project, "street-labels");
  drawCameraMarkers(svg, cameras, project, { radius: 3.5 });
  trajectoryLayer = svgEl("g", { class: "trajectory" });
  svg.appendChild(trajectoryLayer);
  replay = createReplay();
  replay.load(null);
  $("queue-form").addEventListener("submit", onQueueSubmit);
  $("query-form").addEventListener("submit", onQuerySubmit);
  loadCategories();
  document.body.dataset.ready = "true";
} catch (e) {
  notice(`页面加载失败：${e.message}`);
}
