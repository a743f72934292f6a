// The supervision bureau monitor (区监察局督办监控): every open case with its time-limit countdown (normal, warning at
// the 75% instant the case computed, overdue), the live escalation feed, pending extension requests to approve or
// deny, filters by bureau, street and category, and the full timeline of any case in one click.
// Citizens' and officers' words (descriptions, notes, replies, reasons) are only ever written with textContent.
import { loadLayer } from "./district-map.js";
import { connectLive, el, text } from "./live.js";
import { loadDirectory, getJson, localTime } from "./wall-directory.js";
import { requireSession, accessToken, unauthorized, roleName } from "./identity.js";
import { downloadFile } from "./api.js";

const OPEN = ["Dispatched", "InProgress", "AwaitingCitizen", "Returned", "UnderReview"];
const STATUS_NAMES = {
  Dispatched: "待签收", InProgress: "办理中", AwaitingCitizen: "待补充", Returned: "已退单", UnderReview: "复核中",
  Resolved: "已办结", Closed: "已结案", Merged: "已合并",
};
const ESCALATIONS = {
  warning: { label: "预警", tone: "warn" },
  overdue: { label: "超期", tone: "bad" },
  "supervision-notice": { label: "督办", tone: "bad" },
  "district-leaders": { label: "报区领导", tone: "bad" },
  "claim-overdue": { label: "超时未签收", tone: "warn" },
  "claim-expired": { label: "签收未办理", tone: "warn" },
  "extension-requested": { label: "延期申请", tone: "new" },
  "sent-to-review": { label: "转复核", tone: "warn" },
  reopened: { label: "重新办理", tone: "warn" },
  returned: { label: "退单", tone: "warn" },
};
const FEED_SIZE = 30;
const PAGE = 500, MAX_PAGES = 4;

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const filters = { bureau: params.get("bureau") || "", street: params.get("street") || "", category: params.get("category") || "" };
let directory;
const rows = new Map(); // case id → { data, tr }
let selected = null; // case id shown in the timeline panel

// ---- the district clock --------------------------------------------------------------------------------------------
// Deadlines are instants on the district's clock. The page keeps the offset of that clock from its own, from the
// host's answer time and from every activity's instant, so a countdown is right even on a display whose clock drifts.

let offset = 0;
const now = () => Date.now() + offset;
function clockHint(instant) {
  const t = Date.parse(instant);
  if (Number.isFinite(t) && t > now()) offset = t - Date.now();
}
async function syncClock() {
  const sent = Date.now();
  const figures = await getJson("/api/stats?grouping=district");
  offset = Date.parse(figures.asOf) - (sent + Date.now()) / 2;
}

// ---- countdowns ----------------------------------------------------------------------------------------------------

function span(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = n => String(n).padStart(2, "0");
  return `${d > 0 ? `${d}天` : ""}${pad(h)}:${pad(m)}:${pad(sec)}`;
}

/** normal, warning (past the 75% instant) or overdue (past due, or marked overdue by the case). */
export function deadlineState(data, at) {
  const due = Date.parse(data.resolveDue);
  if (data.overdue || at >= due) return "overdue";
  const warning = data.warningAt ? Date.parse(data.warningAt) : null;
  return warning !== null && at >= warning ? "warning" : "normal";
}

function tick() {
  const at = now();
  const counts = { normal: 0, warning: 0, overdue: 0 };
  for (const { data, tr } of rows.values()) {
    const state = deadlineState(data, at);
    counts[state]++;
    if (tr.dataset.state !== state) {
      tr.dataset.state = state;
      tr.className = `state-${state}`;
    }
    const remaining = Date.parse(data.resolveDue) - at;
    text(tr.querySelector(".countdown"), remaining > 0 ? `剩余 ${span(remaining)}` : `超期 ${span(remaining)}`);
  }
  text($("count-open"), rows.size);
  text($("count-warning"), counts.warning);
  text($("count-overdue"), counts.overdue);
  text($("clock"), `区时 ${localTime(new Date(at).toISOString())}`);
}

// ---- the open cases --------------------------------------------------------------------------------------------------

function fromSummary(s) {
  return { id: s.id, number: s.number, version: s.version, status: s.status, category: s.categoryCode, leadBureau: s.leadBureau,
    bureaus: s.assignments.map(a => a.bureauId), street: s.streetCode, grid: s.gridCode, filedAt: s.filedAt, resolveDue: s.resolveDue,
    warningAt: s.resolveWarningAt, overdue: s.overdue, hot: s.hot, extensionPending: s.extensionPending, description: s.description };
}

function matches(data) {
  return OPEN.includes(data.status)
    && (!filters.bureau || data.leadBureau === filters.bureau || data.bureaus.includes(filters.bureau))
    && (!filters.street || data.street === filters.street)
    && (!filters.category || data.category === filters.category);
}

function renderRow(data, tr = document.createElement("tr")) {
  tr.dataset.case = data.number;
  tr.replaceChildren();
  const link = el("button", "case-link", data.number);
  link.type = "button";
  link.addEventListener("click", () => openCase(data.id));
  const first = el("td");
  first.appendChild(link);
  if (data.hot) first.appendChild(el("span", "flag hot", "热"));
  if (data.extensionPending) first.appendChild(el("span", "flag ext", "延"));
  tr.append(first,
    el("td", null, directory.category(data.category)),
    el("td", null, `${directory.street(data.street)} · ${directory.grid(data.grid)}`),
    el("td", null, directory.bureau(data.leadBureau)),
    el("td", "status", STATUS_NAMES[data.status] ?? data.status),
    el("td", "due", localTime(data.resolveDue)),
    el("td", "countdown"),
    el("td", "description", data.description ?? "…"));
  return tr;
}

function order() {
  const at = now();
  const rank = { overdue: 0, warning: 1, normal: 2 };
  const sorted = [...rows.values()].sort((a, b) =>
    rank[deadlineState(a.data, at)] - rank[deadlineState(b.data, at)] || Date.parse(a.data.resolveDue) - Date.parse(b.data.resolveDue));
  $("cases").replaceChildren(...sorted.map(r => r.tr));
  $("no-cases").hidden = rows.size > 0;
  tick();
}

async function loadList() {
  const query = new URLSearchParams({ status: OPEN.join(","), limit: String(PAGE) });
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  const found = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    if (after) query.set("after", after);
    const result = await getJson(`/api/cases?${query}`);
    found.push(...result.items);
    after = result.nextCursor;
    if (!after) break;
  }
  text($("list-note"), after ? `仅显示最紧急的 ${found.length} 件，请用筛选缩小范围` : "");
  const seen = new Set();
  for (const s of found) {
    const data = fromSummary(s);
    seen.add(data.id);
    const existing = rows.get(data.id);
    if (existing && existing.data.version > data.version) continue; // a newer live message already applied
    rows.set(data.id, { data, tr: renderRow(data, existing?.tr) });
  }
  for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
  order();
}

/** The list as shown (open cases, the filters chosen) as a file; personal numbers are masked by the host. */
async function exportList(format) {
  const query = new URLSearchParams({ status: OPEN.join(",") });
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  const note = $("list-note");
  try {
    const { name, truncated } = await downloadFile(`/api/cases/export.${format}?${query}`);
    text(note, truncated ? `已导出 ${name}（仅前 10000 件，请用筛选缩小范围）` : `已导出 ${name}`);
  } catch (e) {
    text(note, `导出失败：${e.message}`);
  }
}

let reloadTimer = null;
/** New cases arrive without the citizen's words (never broadcast): fetch them from the list shortly after. */
function reloadSoon() {
  if (reloadTimer) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    loadList().catch(e => console.warn("list reload failed", e));
  }, 1500);
}

function applyActivity(m) {
  const existing = rows.get(m.caseId);
  if (existing && existing.data.version >= m.version) return;
  const data = { ...(existing?.data ?? {}), id: m.caseId, number: m.number, version: m.version, status: m.status, category: m.category,
    leadBureau: m.leadBureau, bureaus: m.bureaus, street: m.streetCode, grid: m.gridCode, resolveDue: m.resolveDue,
    warningAt: m.resolveWarningAt, overdue: m.overdue, hot: m.hot, extensionPending: m.extensionPending };
  if (!matches(data)) {
    if (existing) rows.delete(m.caseId);
  } else {
    rows.set(m.caseId, { data, tr: renderRow(data, existing?.tr) });
    if (!existing) reloadSoon();
  }
  order();
}

// ---- the escalation feed -------------------------------------------------------------------------------------------

const feed = new Map(); // key → { at, node }
function addFeed({ caseId, number, action, at, description }) {
  const kind = ESCALATIONS[action];
  if (!kind) return;
  const key = `${caseId}|${action}|${at}`;
  if (feed.has(key)) return;
  const item = el("li", `tone-${kind.tone}`);
  item.dataset.action = action;
  item.dataset.case = number;
  const link = el("button", "case-link", number);
  link.type = "button";
  link.addEventListener("click", () => openCase(caseId));
  item.append(el("span", "time", localTime(at)), el("span", "badge", kind.label), link, el("span", "what", description));
  feed.set(key, { at: Date.parse(at), node: item });
  const ordered = [...feed.entries()].sort((a, b) => b[1].at - a[1].at);
  for (const [k] of ordered.slice(FEED_SIZE)) feed.delete(k);
  $("feed").replaceChildren(...ordered.slice(0, FEED_SIZE).map(([, v]) => v.node));
}

/** After (re)connecting: the overdue cases, so the feed is never blank after a restart. */
async function backfillFeed() {
  const overdue = await getJson(`/api/cases?overdue=true&status=${OPEN.join(",")}&limit=${FEED_SIZE}`);
  for (const s of overdue.items) {
    addFeed({ caseId: s.id, number: s.number, action: "overdue", at: s.resolveDue,
      description: `已超期（办结时限 ${localTime(s.resolveDue)}），${directory.bureau(s.leadBureau)}` });
  }
}

// ---- extension requests ----------------------------------------------------------------------------------------------

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${accessToken()}` },
    body: JSON.stringify(body),
  });
  if (response.status === 401) unauthorized();
  const answer = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, answer };
}

function problemText(answer) {
  const fields = answer.errors ? Object.values(answer.errors).flat().join("；") : "";
  return [answer.title, answer.detail, fields].filter(Boolean).join(" ");
}

function extensionCard(view) {
  const ext = view.pendingExtension;
  const card = el("li", "extension");
  card.dataset.case = view.number;
  const head = el("div", "head");
  const link = el("button", "case-link", view.number);
  link.type = "button";
  link.addEventListener("click", () => openCase(view.id));
  head.append(link, el("span", null, `${directory.category(view.categoryCode)} · ${directory.bureau(ext.bureauId)}`));
  const reason = el("p", "reason");
  reason.append(el("span", "label", `申请延期 ${ext.extra}（经办人 ${ext.officerId}，${localTime(ext.requestedAt)}）：`), el("span", "text", ext.reason));
  const due = el("p", "due", `现办结时限 ${localTime(view.deadlines.resolveDue)}`);
  const note = el("input", "decision-reason");
  note.type = "text";
  note.maxLength = 500;
  note.placeholder = "审批意见（不予批准时必填）";
  const approve = el("button", "approve", "批准延期");
  const deny = el("button", "deny", "不予批准");
  const outcome = el("p", "outcome");
  const decide = async yes => {
    if (!supervisor.id) {
      text(outcome, "只有监察局督查员可以审批");
      return;
    }
    if (!yes && !note.value.trim()) {
      text(outcome, "请填写不予批准的理由");
      return;
    }
    approve.disabled = deny.disabled = true;
    const { ok, answer } = await post(`/api/cases/${view.id}/extension-decision`,
      { approve: yes, reason: note.value.trim() || null });
    if (ok) {
      text(outcome, yes ? `已批准，新的办结时限 ${localTime(answer.deadlines.resolveDue)}` : "已不予批准");
      card.classList.add("decided");
      setTimeout(() => { card.remove(); emptyExtensions(); }, 4000);
    } else {
      text(outcome, `审批未成功：${problemText(answer)}`);
      approve.disabled = deny.disabled = false;
    }
  };
  approve.type = deny.type = "button";
  approve.disabled = deny.disabled = !supervisor.id;
  approve.addEventListener("click", () => decide(true));
  deny.addEventListener("click", () => decide(false));
  const actions = el("div", "actions");
  actions.append(note, approve, deny);
  card.append(head, reason, due, actions, outcome);
  return card;
}

function emptyExtensions() {
  $("no-extensions").hidden = $("extensions").children.length > 0;
}

async function loadExtensions() {
  const pending = await getJson("/api/cases?extensionPending=true&limit=100");
  const views = await Promise.all(pending.items.map(s => getJson(`/api/cases/${s.id}`)));
  $("extensions").replaceChildren(...views.filter(v => v.pendingExtension).map(extensionCard));
  emptyExtensions();
}

let extensionsTimer = null;
function reloadExtensionsSoon() {
  clearTimeout(extensionsTimer);
  extensionsTimer = setTimeout(() => loadExtensions().catch(e => console.warn("extensions not loaded", e)), 500);
}

// ---- deliveries to bureaus' own systems that have not been taken ----------------------------------------------------

const MODE_NAMES = { open311: "Open311 接口", webhook: "推送接口" };

function deliveryItem(d) {
  const item = el("li", "delivery");
  item.dataset.caseId = d.caseId;
  const link = el("button", "case-link", `${d.caseNumber} → ${d.bureauName}`);
  link.type = "button";
  link.addEventListener("click", () => openCase(d.caseId));
  const next = d.nextAttemptAt ? `，下次重试 ${localTime(d.nextAttemptAt)}` : "";
  item.append(link, el("span", "muted", `${MODE_NAMES[d.mode] ?? d.mode} · 已尝试 ${d.attempts} 次：${d.lastError ?? "原因不明"}${next}`));
  return item;
}

async function loadDeliveries() {
  const failing = await getJson("/api/deliveries");
  $("deliveries").replaceChildren(...failing.map(deliveryItem));
  text($("deliveries-count"), failing.length ? `${failing.length} 件` : "");
  $("no-deliveries").hidden = failing.length > 0;
}

// ---- one case's timeline -------------------------------------------------------------------------------------------

const ROLE_NAMES = {
  officer: "经办人", "bureau-head": "承办单位负责人", dispatcher: "指挥中心", supervisor: "监察局", supervision: "监察局",
  citizen: "诉求人", "grid-worker": "网格员", system: "系统",
};

/** Opens a case's timeline; a failure is shown in the panel, never left unhandled. */
function openCase(id) {
  showCase(id).catch(e => {
    $("case").hidden = false;
    text($("case-summary"), `案件加载失败：${e.message}`);
  });
}

async function showCase(id) {
  selected = id;
  const view = await getJson(`/api/cases/${id}`);
  if (selected !== id) return;
  const panel = $("case");
  panel.hidden = false;
  text($("case-number"), view.number);
  text($("case-summary"), `${directory.category(view.categoryCode)} · ${directory.street(view.streetCode)} · ${directory.grid(view.gridCode)} · `
    + `${STATUS_NAMES[view.status] ?? view.status} · 主办 ${directory.bureau(view.leadBureau)}`);
  text($("case-deadlines"), `受理 ${localTime(view.filedAt)} · 预警 ${localTime(view.deadlines.resolveWarningAt)} · 办结时限 ${localTime(view.deadlines.resolveDue)}`);
  text($("case-description"), view.description);
  const list = $("timeline");
  list.replaceChildren(...view.timeline.map(e => {
    const item = el("li");
    item.dataset.action = e.action;
    item.append(el("span", "time", localTime(e.at)), el("span", "who", `${ROLE_NAMES[e.actor.role] ?? e.actor.role} ${e.actor.id === "unauthenticated" ? "（未登录）" : e.actor.id}`),
      el("span", "what", e.description));
    return item;
  }));
}

// ---- filters -------------------------------------------------------------------------------------------------------

function fillFilter(select, entries, value) {
  select.append(...entries.map(([code, name]) => {
    const option = el("option", null, name);
    option.value = code;
    return option;
  }));
  select.value = value;
}

function setupFilters() {
  fillFilter($("filter-bureau"), [...directory.bureaus.entries()], filters.bureau);
  fillFilter($("filter-street"), [...directory.streets.values()].map(s => [s.code, s.name]), filters.street);
  fillFilter($("filter-category"), [...directory.categories.values()].map(c => [c.code, c.name]), filters.category);
  for (const name of Object.keys(filters)) {
    $(`filter-${name}`).addEventListener("change", e => {
      filters[name] = e.target.value;
      const query = new URLSearchParams(location.search);
      if (filters[name]) query.set(name, filters[name]); else query.delete(name);
      history.replaceState(null, "", `?${query}`);
      rows.clear();
      loadList().catch(err => console.warn("list not loaded", err));
    });
  }
}

// ---- start ---------------------------------------------------------------------------------------------------------

function onCaseActivity(m) {
  const wasPending = rows.get(m.caseId)?.data.extensionPending ?? false;
  clockHint(m.at);
  applyActivity(m);
  addFeed({ caseId: m.caseId, number: m.number, action: m.action, at: m.at, description: m.description });
  if (m.action.startsWith("extension-") || wasPending !== m.extensionPending) reloadExtensionsSoon();
  if (m.caseId === selected) openCase(selected);
}

// The supervisor is the signed-in person; the command centre may watch (JoinSupervision) but not decide.
const session = requireSession({ roles: ["supervision", "dispatcher"], expectedRole: "supervision", refusal: $("error"), header: document.querySelector("header") });
const supervisor = { id: session?.user.role === "supervision" ? session.user.id : null };
if (session) try {
  text($("identity"), supervisor.id ? `督查员 ${supervisor.id}` : `${roleName(session.user.role)} ${session.user.id}（只读，不能审批延期）`);
  const [streets, grids] = await Promise.all([loadLayer("streets"), loadLayer("grids")]);
  directory = await loadDirectory({ streets, grids });
  setupFilters();
  $("export-xlsx").addEventListener("click", () => exportList("xlsx"));
  $("export-csv").addEventListener("click", () => exportList("csv"));
  $("case-close").addEventListener("click", () => { selected = null; $("case").hidden = true; });
  // A new tab of this origin (window.open copies the session), laid out for A4.
  $("case-print").addEventListener("click", () => { if (selected) window.open(`/print.html#${selected}`, "_blank"); });
  const view = {
    async start(connection) {
      await connection.invoke("JoinSupervision");
      await syncClock();
      await Promise.all([loadList(), loadExtensions(), backfillFeed(), loadDeliveries()]);
      if (selected) await showCase(selected);
    },
  };
  connectLive({ views: [view], handlers: { caseActivity: onCaseActivity }, indicator: $("connection"), accessToken });
  setInterval(tick, 1000);
  setInterval(() => syncClock().catch(() => {}), 60_000);
  setInterval(() => loadDeliveries().catch(e => console.warn("deliveries not loaded", e)), 15_000);
} catch (e) {
  const error = $("error");
  error.hidden = false;
  text(error, `监控页面加载失败：${e.message}`);
}
