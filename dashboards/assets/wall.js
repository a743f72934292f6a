// The command-centre wall (指挥大屏): the district picture live on the map, a ticker of new and escalated cases,
// KPI tiles, hotspots and the bureau ranking. Needs no interaction; options come from the query string:
//   ?window=open|1h|24h|7d   heat window (default open: cases open now)
//   &category=heating,noise  categories shown on the map (default all)
//   &level=250m|1km          density cells of the heat layer (default 250m)
// Nothing the citizen wrote reaches this screen: the ticker is built from codes and the host's own sentences.
// The smart-security panel (wall-cameras.js) adds the 152 cameras to the map and the newest camera alerts, plates masked.
import { loadLayer, fitProjection, createSvg, drawLayer, drawLabels } from "./district-map.js";
import { connectLive, sequencedView, el, text } from "./live.js";
import { loadDirectory, getJson, localTime, percent } from "./wall-directory.js";
import { requireSession, accessToken } from "./identity.js";
import { createCameraPanel } from "./wall-cameras.js";
import { WINDOWS, LEVELS, BREAKS, createPicture, applySnapshot, applyDelta, gridCounts, binCounts, heatClass } from "./wall-picture.js";

const SVG = "http://www.w3.org/2000/svg";
const MAP_WIDTH = 1200, MAP_HEIGHT = 820;
const TICKER_SIZE = 14;
const FIGURES_REFRESH_MS = 60_000;

/** Actions the ticker shows, with their badge: new cases and every escalation. */
const TICKER_ACTIONS = {
  filed: { label: "新受理", tone: "new" },
  warning: { label: "预警", tone: "warn" },
  overdue: { label: "超期", tone: "bad" },
  "supervision-notice": { label: "督办", tone: "bad" },
  "district-leaders": { label: "报区领导", tone: "bad" },
  "flagged-hot": { label: "热点", tone: "warn" },
  reopened: { label: "重新办理", tone: "warn" },
  "sent-to-review": { label: "转复核", tone: "warn" },
};

const params = new URLSearchParams(location.search);
const options = {
  window: WINDOWS[params.get("window")] ? params.get("window") : "open",
  level: LEVELS.includes(params.get("level")) ? params.get("level") : "250m",
  categories: new Set((params.get("category") ?? "").split(",").map(s => s.trim()).filter(Boolean)),
};

const $ = id => document.getElementById(id);
const picture = createPicture();
let directory;
let map; // { svg, project, grids: Map(code → path), heat: <g>, marks: <g> }

function showError(message) {
  const error = $("error");
  error.hidden = false;
  text(error, message);
}

// ---- the map -------------------------------------------------------------------------------------------------------

function svgEl(tag, attributes) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  return e;
}

function drawMap(streets, grids) {
  const project = fitProjection(streets, MAP_WIDTH, MAP_HEIGHT);
  const svg = createSvg($("map"), MAP_WIDTH, MAP_HEIGHT);
  const defs = svgEl("defs", {});
  const blur = svgEl("filter", { id: "heat-blur", x: "-20%", y: "-20%", width: "140%", height: "140%" });
  blur.appendChild(svgEl("feGaussianBlur", { stdDeviation: 5 }));
  defs.appendChild(blur);
  svg.appendChild(defs);
  const gridPaths = drawLayer(svg, grids, project, "grids heat-grids");
  const heat = svgEl("g", { class: "heat-cells", filter: "url(#heat-blur)" });
  svg.appendChild(heat);
  drawLayer(svg, streets, project, "streets");
  drawLabels(svg, streets, project, "street-labels");
  const marks = svgEl("g", { class: "hotspot-marks" });
  svg.appendChild(marks);
  return { svg, project, grids: gridPaths, heat, marks };
}

function cellBounds(level, row, column) {
  const info = picture.levels.get(level);
  if (!info) return null;
  const [x0, y0] = map.project([column * info.columnDegrees, (row + 1) * info.rowDegrees]);
  const [x1, y1] = map.project([(column + 1) * info.columnDegrees, row * info.rowDegrees]);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2,
    latitude: (row + 0.5) * info.rowDegrees, longitude: (column + 0.5) * info.columnDegrees };
}

function drawChoropleth() {
  const counts = gridCounts(picture, options.window, options.categories);
  for (const [code, path] of map.grids) {
    const count = counts.get(code) ?? 0;
    const level = String(heatClass(count));
    if (path.dataset.count !== String(count)) path.dataset.count = String(count);
    if (path.dataset.heat !== level) {
      path.dataset.heat = level;
      path.setAttribute("class", `heat-${level}`);
    }
  }
}

function drawHeatCells() {
  const cells = binCounts(picture, options.level, options.window, options.categories);
  const max = Math.max(1, ...cells.map(c => c.count));
  map.heat.replaceChildren();
  for (const cell of cells) {
    const b = cellBounds(options.level, cell.row, cell.column);
    if (!b) continue;
    map.heat.appendChild(svgEl("rect", {
      x: b.x.toFixed(1), y: b.y.toFixed(1), width: b.width.toFixed(1), height: b.height.toFixed(1),
      "fill-opacity": (0.3 + 0.6 * cell.count / max).toFixed(2), "data-count": cell.count,
    }));
  }
}

// ---- hotspots ------------------------------------------------------------------------------------------------------

function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function gridAt(longitude, latitude) {
  for (const f of gridFeatures) {
    const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const [outer, ...holes] of polygons) {
      if (inRing(outer, longitude, latitude) && !holes.some(h => inRing(h, longitude, latitude))) return f.properties;
    }
  }
  return null;
}

let gridFeatures = [];

function drawHotspots() {
  const list = $("hotspots");
  list.replaceChildren();
  map.marks.replaceChildren();
  if (picture.hotspots.length === 0) {
    list.appendChild(el("li", "empty", "近1小时无明显增长区域"));
    return;
  }
  picture.hotspots.forEach((h, i) => {
    const b = cellBounds(h.level, h.row, h.column);
    if (!b) return;
    const grid = gridAt(b.longitude, b.latitude);
    const item = el("li");
    item.appendChild(el("span", "rank", i + 1));
    item.appendChild(el("span", "place", grid ? `${directory.street(grid.streetCode)} · ${grid.name}` : "区界附近"));
    item.appendChild(el("span", "growth", `+${h.lastHour - h.hourBefore}`));
    item.appendChild(el("span", "detail", `近1小时 ${h.lastHour} · 前1小时 ${h.hourBefore}`));
    list.appendChild(item);
    map.marks.appendChild(svgEl("circle", { cx: b.cx.toFixed(1), cy: b.cy.toFixed(1), r: 16 }));
    const label = svgEl("text", { x: b.cx.toFixed(1), y: (b.cy + 6).toFixed(1) });
    label.textContent = String(i + 1);
    map.marks.appendChild(label);
  });
}

// ---- KPI tiles -----------------------------------------------------------------------------------------------------

function setKpi(name, value) {
  const tile = document.querySelector(`[data-kpi="${name}"] .value`);
  if (tile && tile.textContent !== String(value)) text(tile, value);
}

function drawCounts() {
  const d = picture.district;
  setKpi("filedToday", d.filedToday);
  setKpi("open", d.open);
  setKpi("claimed", d.claimed);
  setKpi("overdue", d.overdue);
  setKpi("resolvedToday", d.resolvedToday);
  setKpi("hot", d.hot);
  text($("as-of"), picture.asOf ? `数据时间 ${localTime(picture.asOf)}` : "");
}

let renderQueued = false;
function render() {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(() => {
    renderQueued = false;
    drawChoropleth();
    drawHeatCells();
    drawHotspots();
    drawCounts();
  }, 0);
}

// ---- figures: 三率 and the bureau ranking (HTTP, refreshed periodically) ------------------------------------------

async function refreshFigures() {
  try {
    const [district, bureaus] = await Promise.all([getJson("/api/stats?grouping=district"), getJson("/api/stats/bureaus")]);
    const row = district.rows[0];
    setKpi("responseRate", percent(row?.responseRate));
    setKpi("resolutionRate", percent(row?.resolutionRate));
    setKpi("satisfactionRate", percent(row?.satisfactionRate));
    const list = $("ranking");
    const head = el("li", "head");
    head.append(el("span"), el("span", null, "委办局"), el("span", null, "响应率"), el("span", null, "办结率"), el("span", null, "满意率"), el("span", null, "得分"));
    const items = bureaus.rows.filter(r => r.cases > 0).slice(0, 6).map(r => {
      const item = el("li");
      item.dataset.bureau = r.code;
      item.append(el("span", "rank", r.rank), el("span", "name", r.name), el("span", "rate", percent(r.responseRate)),
        el("span", "rate", percent(r.resolutionRate)), el("span", "rate", percent(r.satisfactionRate)),
        el("span", "score", r.score === null ? "—" : (r.score * 100).toFixed(1)));
      return item;
    });
    list.replaceChildren(...(items.length ? [head, ...items] : [el("li", "empty", "近30天暂无诉求")]));
  } catch (e) {
    console.warn("figures not refreshed", e);
  }
}

// ---- the ticker ----------------------------------------------------------------------------------------------------

const tickerItems = new Map(); // key → { at, node }

function addTicker({ caseId, number, action, at, category, street, leadBureau, hot }) {
  const kind = TICKER_ACTIONS[action];
  if (!kind) return;
  const key = `${caseId}|${action}`;
  if (tickerItems.has(key)) return;
  const item = el("li", `tone-${kind.tone}`);
  item.dataset.action = action;
  item.dataset.case = number;
  item.appendChild(el("span", "time", localTime(at)));
  item.appendChild(el("span", "badge", kind.label));
  item.appendChild(el("span", "number", number));
  item.appendChild(el("span", "what", `${directory.category(category)} · ${directory.street(street)}`));
  item.appendChild(el("span", "bureau", `${hot ? "[热] " : ""}${directory.bureau(leadBureau)}`));
  tickerItems.set(key, { at: Date.parse(at), node: item });
  const ordered = [...tickerItems.entries()].sort((a, b) => b[1].at - a[1].at);
  for (const [k] of ordered.slice(TICKER_SIZE)) tickerItems.delete(k);
  $("ticker").replaceChildren(...ordered.slice(0, TICKER_SIZE).map(([, v]) => v.node));
}

function onCaseActivity(m) {
  addTicker({ caseId: m.caseId, number: m.number, action: m.action, at: m.at, category: m.category, street: m.streetCode,
    leadBureau: m.leadBureau, hot: m.hot });
}

/** After (re)connecting: the newest filings, so the ticker is never empty after a restart. */
async function backfillTicker() {
  const page = await getJson(`/api/cases?limit=${TICKER_SIZE}`);
  for (const c of page.items) {
    addTicker({ caseId: c.id, number: c.number, action: "filed", at: c.filedAt, category: c.categoryCode, street: c.streetCode,
      leadBureau: c.leadBureau, hot: c.hot });
  }
}

// ---- start ---------------------------------------------------------------------------------------------------------

function describeOptions() {
  const categories = options.categories.size === 0 ? "全部类别" : [...options.categories].map(c => directory.category(c)).join("、");
  text($("map-title"), `网格诉求密度 · ${WINDOWS[options.window]} · ${categories}`);
  const legend = $("legend");
  legend.replaceChildren();
  BREAKS.forEach((b, i) => {
    const next = BREAKS[i + 1];
    const item = el("li");
    item.appendChild(el("span", `swatch heat-${i + 1}`));
    item.appendChild(el("span", null, next ? (next - 1 === b ? `${b}` : `${b}–${next - 1}`) : `≥${b}`));
    legend.appendChild(item);
  });
}

// The wall is read-only and open to the command centre, the leaders and the supervision bureau. Its session is renewed
// before it expires, so it runs all day without anyone touching it.
const session = requireSession({ roles: ["dispatcher", "leader", "supervision"], expectedRole: "dispatcher", refusal: $("error"), header: document.querySelector("header") });
if (session) try {
  const [streets, grids] = await Promise.all([loadLayer("streets"), loadLayer("grids")]);
  gridFeatures = grids.features;
  directory = await loadDirectory({ streets, grids });
  map = drawMap(streets, grids);
  describeOptions();

  const pictureView = sequencedView({
    join: c => c.invoke("JoinWall"),
    loadSnapshot: c => c.invoke("GetPicture"),
    applySnapshot: s => { applySnapshot(picture, s); render(); },
    applyDelta: d => { applyDelta(picture, d); render(); },
  });
  const figuresView = {
    async start() {
      await backfillTicker();
      refreshFigures();
    },
  };
  const cameraView = createCameraPanel({ svg: map.svg, project: map.project, count: $("camera-count"), list: $("camera-alerts") });
  connectLive({
    views: [pictureView, figuresView, cameraView],
    handlers: {
      pictureDelta: pictureView.onDelta,
      caseActivity: onCaseActivity,
      cameraStatus: cameraView.onCameraStatus,
      cameraAlert: cameraView.onCameraAlert,
    },
    indicator: $("connection"),
    accessToken,
  });
  setInterval(refreshFigures, FIGURES_REFRESH_MS);
} catch (e) {
  showError(`大屏加载失败：${e.message}`);
}
