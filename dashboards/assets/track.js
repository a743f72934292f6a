// The filer's tracking page (诉求办理查询): opened from the receipt's link, /track.html#{caseId}.{token}. The token
// stays in the fragment, which the browser never sends; the page passes it to the API in the X-Tracking-Token header.
// What it shows is the server's citizen view of the case: public progress only, staff named by their unit.
import { statusName, formatTime } from "./case-text.js";

const $ = id => document.getElementById(id);
const RATINGS = [[5, "非常满意"], [4, "满意"], [3, "基本满意"], [2, "不满意"], [1, "非常不满意"]];

const el = (tag, className, content) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined && content !== null) node.textContent = content;
  return node;
};

const notice = (message, kind) => {
  const n = $("notice");
  n.hidden = false;
  n.dataset.kind = kind;
  n.textContent = message;
};

const [caseId, token] = decodeURIComponent(location.hash.slice(1)).split(".");

const call = async (path, init = {}) => {
  const response = await fetch(`/api/track/${encodeURIComponent(caseId)}${path}`, {
    ...init,
    headers: { "X-Tracking-Token": token, ...(init.body ? { "Content-Type": "application/json" } : {}) },
    cache: "no-store",
    referrerPolicy: "no-referrer",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(
      response.status === 404 ? "查询链接无效，请核对短信或回执中的链接"
      : response.status === 410 ? "评价期已过，查询链接已失效；登录后可在“我的诉求”中查看"
      : response.status === 503 || response.status === 429 ? "系统繁忙，请稍后再试"
      : body?.title ?? `查询失败（${response.status}）`);
    error.status = response.status;
    error.fields = body?.errors ?? {};
    throw error;
  }
  return body;
};

const show = view => {
  $("case").hidden = false;
  $("number").textContent = `诉求编号 ${view.number}`;
  $("status").textContent = statusName(view.status);
  $("filed").textContent = `受理于 ${formatTime(view.filedAt)} · 主办单位 ${view.handlingUnit}`;
  $("description").textContent = view.description;
  const facts = [["办结时限", formatTime(view.resolveDue)]];
  if (view.address) facts.push(["地址", view.address]);
  $("facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
  $("timeline").replaceChildren(...view.timeline.map(e => {
    const item = el("li");
    item.append(el("time", null, formatTime(e.at)), el("span", "who", e.who), el("span", "what", e.description));
    return item;
  }));
  $("rating").hidden = !view.mayRate;
  const rated = RATINGS.find(([level]) => level === view.rating);
  $("rated").hidden = !rated || view.mayRate;
  $("rated").textContent = rated ? `已评价：${rated[1]}` : "";
  $("expires").textContent = view.linkExpiresAt ? `本查询链接有效期至 ${formatTime(view.linkExpiresAt)}` : "";
};

for (const [level, name] of RATINGS) {
  const label = el("label");
  const input = el("input");
  input.type = "radio";
  input.name = "level";
  input.value = String(level);
  label.append(input, ` ${name}`);
  $("levels").append(label);
}

$("rating").addEventListener("submit", async event => {
  event.preventDefault();
  const form = event.currentTarget;
  for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
  const chosen = form.querySelector("input[name=level]:checked");
  if (!chosen) {
    form.querySelector('.field-error[data-field="level"]').textContent = "请选择满意程度";
    return;
  }
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    show(await call("/rating", { method: "POST", body: JSON.stringify({ level: Number(chosen.value), comment: form.elements.comment.value.trim() || null }) }));
    notice("感谢您的评价", "ok");
  } catch (e) {
    notice(e.message, "bad");
    for (const [name, messages] of Object.entries(e.fields ?? {})) {
      const slot = form.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
      if (slot) slot.textContent = messages.join(" ");
    }
  } finally {
    button.disabled = false;
  }
});

if (!caseId || !token) {
  notice("查询链接不完整，请核对短信或回执中的链接", "bad");
} else {
  call("").then(show, e => notice(e.message, "bad"));
}
