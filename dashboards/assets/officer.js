// The bureau officer console (承办单位工作台): the bureau's queue, live; claim with an immediate answer; my cases with
// their deadlines; the actions on a claimed case; the case's timeline. Every citizen's word is written as text.
import { connectLive, el, text } from "./live.js";
import { api, caseAction, ApiProblem, showFieldMessage } from "./api.js";
import { requireSession, accessToken } from "./identity.js";
import { statusName, formatTime, districtClock, countdown, tickCountdowns, actorName } from "./case-text.js";

const OPEN = new Set(["Dispatched", "InProgress", "AwaitingCitizen"]);
const $ = id => document.getElementById(id);

// The officer and their bureau come from the signed-in session (the token's sub and bureau claims).
const session = requireSession({ roles: ["officer", "bureau-head"], expectedRole: "officer", refusal: $("no-identity"), header: document.querySelector("header") });
if (session) {
  start({ bureauId: session.user.bureau, officerId: session.user.id });
} else {
  $("who").textContent = "未登录承办人";
}

function start(me) {
  /** Every case the console knows, freshest version first: a summary from a list or a full view from the case. */
  const cases = new Map();
  /** Cases offered by live messages or actions while a reload runs: the reload's (older) lists must not drop them. */
  let touched = null;
  let selected = null;
  let categories = new Map();

  const mine = c => c.assignments?.find(a => a.bureauId === me.bureauId);
  const inQueue = c => OPEN.has(c.status) && mine(c)?.status === "Open" && !mine(c)?.claimedBy;
  const isMine = c => OPEN.has(c.status) && mine(c)?.status === "Claimed" && mine(c)?.claimedBy === me.officerId;
  const resolveDue = c => c.deadlines?.resolveDue ?? c.resolveDue;
  const warningAt = c => c.deadlines?.resolveWarningAt ?? c.resolveWarningAt;

  /** Whether `known` should stay over `c`: a newer version, or the full view of the same version over its summary. */
  const keeps = (known, c) => Boolean(known) && (known.version > c.version || (known.version === c.version && known.deadlines && !c.deadlines));

  /** Keeps `c` unless a newer version (or the full view of the same version) is already known. */
  const offer = c => {
    if (keeps(cases.get(c.id), c)) return false;
    cases.set(c.id, c);
    touched?.add(c.id);
    return true;
  };

  const notice = (message, kind) => {
    const n = $("notice");
    n.hidden = false;
    n.dataset.kind = kind;
    text(n, message);
  };

  // ---- rendering -------------------------------------------------------------------------------------------------
  const card = (c, forQueue) => {
    const item = el("li", "case");
    item.dataset.caseId = c.id;
    if (c.id === selected) item.classList.add("selected");
    const head = el("div", "case-head");
    head.append(el("span", "number", c.number), el("span", "category", categories.get(c.categoryCode) ?? c.categoryCode));
    if (c.hot) head.append(el("span", "badge hot", "热点"));
    head.append(el("span", "status", statusName(c.status)));
    item.append(head, el("p", "description", c.description));
    const meta = el("div", "case-meta");
    meta.append(el("span", "grid", `网格 ${c.gridCode}`), el("span", "filed", `受理 ${formatTime(c.filedAt)}`));
    const a = mine(c);
    if (forQueue && a) {
      meta.append(countdown(el("span", "due"), a.claimDue, { startIso: c.filedAt, overdue: false }));
      const claim = el("button", "claim", "签收");
      claim.type = "button";
      claim.addEventListener("click", event => {
        event.stopPropagation();
        claimCase(c, claim);
      });
      meta.append(claim);
    } else {
      meta.append(countdown(el("span", "due"), resolveDue(c), { warningAt: warningAt(c), startIso: c.filedAt, overdue: c.overdue }));
    }
    item.append(meta);
    item.addEventListener("click", () => select(c.id));
    return item;
  };

  const newestFirst = (a, b) => (a.filedAt < b.filedAt ? 1 : a.filedAt > b.filedAt ? -1 : 0);
  const byDeadline = (a, b) => Date.parse(resolveDue(a)) - Date.parse(resolveDue(b));

  const renderLists = () => {
    const queue = [...cases.values()].filter(inQueue).sort(newestFirst);
    const my = [...cases.values()].filter(isMine).sort(byDeadline);
    $("queue").replaceChildren(...queue.map(c => card(c, true)));
    $("mine").replaceChildren(...my.map(c => card(c, false)));
    text($("queue-count"), queue.length);
    text($("mine-count"), my.length);
    $("queue-empty").hidden = queue.length > 0;
    $("mine-empty").hidden = my.length > 0;
  };

  const renderDetail = () => {
    const c = selected && cases.get(selected);
    $("detail-empty").hidden = Boolean(c);
    $("detail-body").hidden = !c;
    if (!c) return;
    text($("detail-number"), c.number);
    text($("detail-status"), statusName(c.status));
    text($("detail-category"), categories.get(c.categoryCode) ?? c.categoryCode);
    countdown($("detail-countdown"), resolveDue(c), { warningAt: warningAt(c), startIso: c.filedAt, overdue: c.overdue });
    text($("detail-description"), c.description);

    const facts = [
      ["受理时间", formatTime(c.filedAt)],
      ["网格", c.gridCode],
      ["地址", c.address ?? "—"],
      ["签收时限", formatTime(mine(c)?.claimDue)],
      ["办结时限", formatTime(resolveDue(c))],
      ["经办人", mine(c)?.claimedBy ?? "未签收"],
    ];
    if (c.pendingExtension) facts.push(["延期申请", `${c.pendingExtension.extra}：${c.pendingExtension.reason}（待审批）`]);
    $("detail-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));

    $("actions").hidden = !isMine(c);
    // The lead bureau resolves or returns; a co-handling bureau reports its part (协办反馈).
    const lead = mine(c)?.role === "Lead";
    for (const form of document.querySelectorAll("form.action[data-lead]")) form.hidden = form.dataset.lead !== String(lead);
    $("timeline").replaceChildren(...(c.timeline ?? []).map(e => {
      const item = el("li", e.public ? "public" : "internal");
      item.append(el("time", null, formatTime(e.at)), el("span", "actor", actorName(e.actor)), el("span", "what", e.description));
      if (!e.public) item.append(el("span", "badge", "内部"));
      return item;
    }));
  };

  const render = () => {
    renderLists();
    renderDetail();
  };

  // ---- data ------------------------------------------------------------------------------------------------------
  const fetchCase = async id => {
    const view = await api(`/api/cases/${encodeURIComponent(id)}`);
    if (offer(view)) render();
    return view;
  };

  const select = async id => {
    selected = id;
    render();
    try {
      await fetchCase(id);
    } catch (e) {
      notice(e.message, "bad");
    }
  };

  /** The queue and my cases from the read model, as this bureau sees them. */
  const reload = async () => {
    touched = new Set();
    const statuses = [...OPEN].join(",");
    const [queue, listed] = await Promise.all([
      api(`/api/bureaus/${encodeURIComponent(me.bureauId)}/queue?limit=500`),
      api(`/api/cases?bureau=${encodeURIComponent(me.bureauId)}&status=${statuses}&limit=500`),
    ]);
    // The rows carry the deadlines and warning times; only the case on screen is read in full (and audited).
    if (selected) fetchCase(selected).catch(() => {});

    const fresh = new Map();
    for (const c of [...queue.items, ...listed.items]) {
      const had = fresh.get(c.id) ?? cases.get(c.id);
      fresh.set(c.id, keeps(had, c) ? had : c);
    }
    for (const id of touched) {
      const c = cases.get(id);
      if (c && !keeps(fresh.get(id), c)) fresh.set(id, c);
    }
    if (selected && !fresh.has(selected) && cases.has(selected)) fresh.set(selected, cases.get(selected));
    touched = null;
    cases.clear();
    for (const [id, c] of fresh) cases.set(id, c);
    render();
  };

  const claimCase = async (c, button) => {
    button.disabled = true;
    try {
      const view = await caseAction(c.id, "claim", {});
      offer(view);
      notice(`签收成功：${view.number}`, "ok");
      selected = view.id;
      render();
    } catch (e) {
      if (e instanceof ApiProblem && e.reason === "AlreadyClaimed") {
        notice(`${c.number} ${e.message}`, "bad");
        // The case is someone else's now: out of the queue at once, then the truth from the case itself.
        cases.delete(c.id);
        render();
        fetchCase(c.id).catch(() => {});
      } else {
        notice(`${c.number} 签收失败：${e.message}`, "bad");
        button.disabled = false;
        // A case that cannot be claimed now (returned, resolved, gone) is re-read and placed where it belongs.
        if (e instanceof ApiProblem && (e.status === 409 || e.status === 404)) fetchCase(c.id).catch(() => {});
      }
    }
  };

  // ---- actions on my case ----------------------------------------------------------------------------------------
  for (const form of document.querySelectorAll("form.action")) {
    form.addEventListener("submit", async event => {
      event.preventDefault();
      const id = selected;
      const result = form.querySelector(".form-result");
      for (const p of form.querySelectorAll(".field-error")) {
        text(p, "");
        p.title = "";
      }
      text(result, "");
      const body = {};
      for (const field of form.elements) {
        if (!field.name) continue;
        body[field.name] = field.type === "checkbox" ? field.checked : field.value;
      }
      const button = form.querySelector("button");
      button.disabled = true;
      try {
        const view = await caseAction(id, form.dataset.action, body);
        offer(view);
        form.reset();
        render();
        text(result, "已提交");
        result.dataset.kind = "ok";
      } catch (e) {
        result.dataset.kind = "bad";
        text(result, e.message);
        if (e instanceof ApiProblem) {
          for (const [name, messages] of Object.entries(e.fields)) {
            const slot = form.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
            if (slot) showFieldMessage(slot, name, messages);
            else text(result, `${e.message}：${messages.join(" ")}`);
          }
        }
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---- live ------------------------------------------------------------------------------------------------------
  const onActivity = message => {
    const known = cases.get(message.caseId);
    if (known && known.version >= message.version) return;
    // The bureau's message carries the case's row as this bureau sees it (whose claim, the deadlines): the lists update
    // from it; only the case on screen is read again, for its timeline.
    if (message.case && offer(message.case)) renderLists();
    if (!message.case || message.caseId === selected) fetchCase(message.caseId).catch(e => console.warn("case refresh failed", e));
  };

  const desk = {
    async start(connection) {
      await connection.invoke("JoinBureau", me.bureauId);
      await districtClock.sync();
      await reload();
    },
  };

  const boot = async () => {
    const [catalogue, bureaus] = await Promise.all([api("/api/appeals/categories"), api("/api/bureaus")]);
    categories = new Map(catalogue.map(c => [c.code, c.name]));
    const bureau = bureaus.find(b => b.id === me.bureauId);
    if (!bureau) {
      // An unknown bureau would only make the queue fail and the connection retry forever.
      $("no-identity").hidden = false;
      text($("who"), `未知单位 ${me.bureauId}`);
      return;
    }
    text($("who"), `${bureau.name} · 承办人 ${me.officerId}`);
    $("desk").hidden = false;
    connectLive({ views: [desk], handlers: { caseActivity: onActivity }, indicator: $("connection"), accessToken });
    setInterval(tickCountdowns, 15_000);
    setInterval(() => districtClock.sync().then(tickCountdowns, () => {}), 60_000);
  };

  boot().catch(e => notice(`工作台加载失败：${e.message}`, "bad"));
}
