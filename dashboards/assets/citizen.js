// The citizen web (接诉即办), mobile-sized: file an appeal with a map pin and a category, follow my appeals live,
// rate a resolved one. The citizen signs in (a citizen session): an appeal filed while signed in is bound to them, and
// only they can follow and rate it. The case ids they filed are kept in localStorage per citizen; citizens' words are
// written as text.
import { connectLive, el, text } from "./live.js";
import { api, ApiProblem, showFieldMessage } from "./api.js";
import { requireSession, accessToken, randomId } from "./identity.js";
import { statusName, formatTime } from "./case-text.js";
import { createPinMap } from "./citizen-map.js";
import { startMe } from "./citizen-me.js";

const $ = id => document.getElementById(id);
const session = requireSession({ roles: ["citizen"], expectedRole: "citizen", refusal: $("refused"), header: document.querySelector("header") });
if (!session) {
  for (const part of document.querySelectorAll("nav.tabs, #file-view, #mine-view, #me-view")) part.hidden = true;
}
const me = { citizenId: session?.user.id ?? "" };
const STORE = `hanan.citizen.cases:${me.citizenId}`;
const RATINGS = [[5, "非常满意"], [4, "满意"], [3, "基本满意"], [2, "不满意"], [1, "非常不满意"]];
/** Where a field message of the host goes when the field is not on the form itself. */
const SLOT_OF = { latitude: "location", longitude: "location", gridCode: "location", contact: "contact.phone", idempotencyKey: "form" };

const form = $("appeal-form");
let categories = new Map();
let pick = null; // { longitude, latitude }
/** One key per draft: a double tap or a retry of the same draft can never file twice. */
let draftKey = randomId();
let inFlight = false;
let connection = null;
const views = new Map(); // case id → the case as last fetched

const myCases = () => {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? "[]").filter(c => typeof c?.id === "string");
  } catch {
    return [];
  }
};

const remember = receipt => {
  const list = myCases().filter(c => c.id !== receipt.caseId);
  list.unshift({ id: receipt.caseId, number: receipt.caseNumber });
  localStorage.setItem(STORE, JSON.stringify(list));
};

const notice = (message, kind) => {
  const n = $("notice");
  n.hidden = !message;
  n.dataset.kind = kind ?? "";
  text(n, message);
};

let mePanel = null; // the 实名绑定 / 我的通知 tab
const showTab = name => {
  for (const tab of ["file", "mine", "me"]) {
    $(`${tab}-view`).hidden = name !== tab;
    $(`tab-${tab}`).setAttribute("aria-pressed", String(name === tab));
  }
  if (name === "me") mePanel?.refresh();
};

/** Writes a problem's field messages next to the fields they name; the rest goes to the form's own slot. */
const showFieldErrors = (container, problem) => {
  for (const slot of container.querySelectorAll(".field-error")) {
    text(slot, "");
    slot.title = "";
  }
  const general = [];
  for (const [field, messages] of Object.entries(problem.fields)) {
    const name = container.querySelector(`.field-error[data-field="${CSS.escape(field)}"]`) ? field : SLOT_OF[field];
    const slot = name && container.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
    if (slot) showFieldMessage(slot, field, messages);
    else general.push(...messages);
  }
  return general;
};

// ---- filing ------------------------------------------------------------------------------------------------------
const onPick = async point => {
  pick = point;
  text($("located"), "正在定位…");
  text(form.querySelector('.field-error[data-field="location"]'), "");
  try {
    const place = await api(`/api/district/locate?latitude=${point.latitude}&longitude=${point.longitude}`);
    if (pick !== point) return; // a later tap won
    text($("located"), `${place.streetName} · ${place.communityName} · ${place.gridName}（${place.gridCode}）`);
    $("located").dataset.grid = place.gridCode;
  } catch (e) {
    if (pick !== point) return;
    pick = null;
    delete $("located").dataset.grid;
    text($("located"), "尚未选择位置");
    const messages = e instanceof ApiProblem ? Object.values(e.fields).flat() : [];
    text(form.querySelector('.field-error[data-field="location"]'), e.status === 400 ? "该位置不在平房区内，请重新选择" : messages.join(" ") || e.message);
  }
};

const draft = () => {
  const name = form.elements["contact.name"].value.trim();
  const phone = form.elements["contact.phone"].value.trim();
  const address = form.elements.address.value.trim();
  return {
    category: form.elements.category.value,
    description: form.elements.description.value,
    ...(pick ? { latitude: pick.latitude, longitude: pick.longitude } : {}),
    ...(address ? { address } : {}),
    ...(name || phone ? { contact: { name: name || null, phone: phone || null } } : { anonymous: true }),
    channel: "citizen",
    idempotencyKey: draftKey,
  };
};

form.addEventListener("submit", async event => {
  event.preventDefault();
  if (inFlight) return;
  for (const slot of form.querySelectorAll(".field-error")) text(slot, "");
  if (!pick) {
    text(form.querySelector('.field-error[data-field="location"]'), "请在地图上点选问题发生的位置");
    return;
  }
  inFlight = true;
  $("submit").disabled = true;
  notice("");
  try {
    const receipt = await api("/api/appeals", { method: "POST", body: draft(), headers: { "Idempotency-Key": draftKey } });
    remember(receipt);
    draftKey = randomId(); // the next appeal is a new draft
    form.reset();
    pick = null;
    map?.clear();
    text($("located"), "尚未选择位置");
    text($("receipt-number"), receipt.caseNumber);
    text($("receipt-status"), `当前状态：${statusName(receipt.status)}`);
    form.hidden = true;
    $("receipt").hidden = false;
    follow(receipt.caseId);
    await refreshCase(receipt.caseId);
  } catch (e) {
    if (e instanceof ApiProblem && Object.keys(e.fields).length > 0) {
      const general = showFieldErrors(form, e);
      notice(general.length ? `${e.message}：${general.join(" ")}` : e.message, "bad");
    } else {
      notice(`${e.message}${e.status === 0 ? "（可直接再次提交，不会重复受理）" : ""}`, "bad");
    }
  } finally {
    inFlight = false;
    $("submit").disabled = false;
  }
});

$("receipt-new").addEventListener("click", () => {
  $("receipt").hidden = true;
  form.hidden = false;
});
$("receipt-follow").addEventListener("click", () => showTab("mine"));
$("tab-file").addEventListener("click", () => showTab("file"));
$("tab-mine").addEventListener("click", () => showTab("mine"));
$("tab-me").addEventListener("click", () => showTab("me"));

// ---- following ---------------------------------------------------------------------------------------------------
const fieldError = name => {
  const p = el("p", "field-error");
  p.dataset.field = name;
  return p;
};

const textArea = (name, placeholder, maxLength) => {
  const area = el("textarea");
  area.name = name;
  area.rows = 2;
  area.maxLength = maxLength;
  area.placeholder = placeholder;
  return area;
};

/**
 * A form on one of my cases: `fields` are its inputs, `body(form)` the request (or a Chinese message for a field
 * left out: `{ field, message }`); the answer replaces the case, a problem's field messages go next to the fields.
 */
const caseForm = (view, { className, title, action, fields, body, submit }) => {
  const f = el("form", className);
  const result = el("p", "form-result");
  const button = el("button", null, submit);
  button.type = "submit";
  f.append(el("h3", null, title), ...fields, button, result);
  f.addEventListener("submit", async event => {
    event.preventDefault();
    for (const slot of f.querySelectorAll(".field-error")) text(slot, "");
    text(result, "");
    const request = body(f);
    if (request.field) {
      text(f.querySelector(`.field-error[data-field="${request.field}"]`), request.message);
      return;
    }
    button.disabled = true;
    try {
      const updated = await api(`/api/cases/${encodeURIComponent(view.id)}/${action}`, { method: "POST", body: request });
      views.set(updated.id, updated);
      renderMine();
    } catch (e) {
      if (e instanceof ApiProblem) showFieldErrors(f, e);
      result.dataset.kind = "bad";
      text(result, e.message);
      button.disabled = false;
    }
  });
  return f;
};

const ratingForm = view => {
  const levels = el("div", "levels");
  for (const [level, name] of RATINGS) {
    const label = el("label", "level");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "level";
    input.value = String(level);
    label.append(input, el("span", null, `${level} ${name}`));
    levels.append(label);
  }
  return caseForm(view, {
    className: "rating",
    title: "请对办理结果评价",
    action: "rating",
    submit: "提交评价",
    fields: [levels, fieldError("level"), textArea("comment", "评价意见（选填）", 500), fieldError("comment")],
    body: f => {
      const chosen = f.querySelector('input[name="level"]:checked');
      if (!chosen) return { field: "level", message: "请选择满意程度" };
      return { level: Number(chosen.value), comment: f.elements.comment.value.trim() || null };
    },
  });
};

/** The answer to the handling officer's question (补充材料). */
const replyForm = view =>
  caseForm(view, {
    className: "reply",
    title: "承办人请您补充信息",
    action: "replies",
    submit: "提交补充",
    fields: [textArea("text", "补充说明", 2000), fieldError("text")],
    body: f => (f.elements.text.value.trim() ? { text: f.elements.text.value } : { field: "text", message: "请填写补充信息" }),
  });

const appealItem = ({ id, number }) => {
  const view = views.get(id);
  const item = el("li", "appeal");
  item.dataset.caseId = id;
  const head = el("div", "case-head");
  head.append(el("span", "number", view?.number ?? number), el("span", "status", view ? statusName(view.status) : "加载中…"));
  item.append(head);
  if (!view) return item;
  item.dataset.status = view.status;
  item.append(
    el("p", "category", `${categories.get(view.categoryCode) ?? view.categoryCode} · 受理于 ${formatTime(view.filedAt)}`),
    el("p", "description", view.description),
  );
  const progress = el("ol", "timeline");
  // The server sends the citizen's view: public steps only, staff named by their unit.
  for (const e of view.timeline ?? []) {
    const entry = el("li");
    entry.append(el("time", null, formatTime(e.at)), el("span", "who", e.who), el("span", "what", e.description));
    progress.append(entry);
  }
  item.append(progress);
  if (view.status === "Resolved") item.append(ratingForm(view));
  else if (view.status === "AwaitingCitizen") item.append(replyForm(view));
  else if (view.rating) item.append(el("p", "rated", `已评价：${RATINGS.find(([l]) => l === view.rating)?.[1] ?? view.rating}`));
  return item;
};

const renderMine = () => {
  const list = myCases();
  // A form being filled in is not thrown away by a live update of another case.
  const editing = document.activeElement?.closest?.("li.appeal")?.dataset.caseId;
  const items = list.map(c => (c.id === editing ? $("my-appeals").querySelector(`li.appeal[data-case-id="${CSS.escape(c.id)}"]`) : null) ?? appealItem(c));
  $("my-appeals").replaceChildren(...items);
  $("mine-empty").hidden = list.length > 0;
  text($("mine-count"), list.length ? String(list.length) : "");
};

const refreshCase = async id => {
  try {
    const view = await api(`/api/cases/${encodeURIComponent(id)}`);
    const known = views.get(id);
    if (!known || known.version <= view.version) views.set(id, view);
  } catch (e) {
    if (!(e instanceof ApiProblem && e.status === 404)) throw e;
  }
  renderMine();
};

const follow = id => {
  if (connection?.state === "Connected") connection.invoke("FollowCase", id).catch(e => console.warn("follow failed", e));
};

const following = {
  async start(c) {
    connection = c;
    const ids = myCases().map(x => x.id);
    for (const id of ids) await c.invoke("FollowCase", id);
    await Promise.all(ids.map(refreshCase));
  },
};

const onActivity = message => {
  const known = views.get(message.caseId);
  if (known && known.version >= message.version) return;
  refreshCase(message.caseId).catch(e => console.warn("case refresh failed", e));
};

// ---- start ---------------------------------------------------------------------------------------------------------
let map = null;
if (session) {
renderMine();
mePanel = startMe({ notice });
try {
  const catalogue = await api("/api/appeals/categories");
  categories = new Map(catalogue.map(c => [c.code, c.name]));
  for (const c of catalogue) {
    const option = el("option", null, c.name);
    option.value = c.code;
    form.elements.category.append(option);
  }
  map = await createPinMap($("map"), onPick);
} catch (e) {
  notice(`页面加载失败：${e.message}`, "bad");
}
connectLive({ views: [following], handlers: { caseActivity: onActivity }, indicator: $("connection"), accessToken });
}
