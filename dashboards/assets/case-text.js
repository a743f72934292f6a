// How the desk screens word a case: status names, district time, and deadline countdowns on the district clock.
import { api } from "./api.js";

export const STATUS_NAMES = {
  Dispatched: "待签收",
  InProgress: "办理中",
  AwaitingCitizen: "待补充材料",
  Returned: "退单待改派",
  Resolved: "已办结，待评价",
  Closed: "已关闭",
  UnderReview: "监察复核中",
  Merged: "已合并",
};

export const statusName = status => STATUS_NAMES[status] ?? status;

const districtTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
});

/** An instant in district time (Beijing), e.g. "11/26 09:00". */
export const formatTime = iso => (iso ? districtTime.format(new Date(iso)) : "—");

/**
 * The district clock as the host keeps it (tests move it; browsers' clocks drift): the offset to the browser's clock
 * is measured from /api/clock at each (re)connection, and the screen counts on from there.
 */
export const districtClock = {
  offset: 0,
  async sync() {
    const { now } = await api("/api/clock");
    this.offset = Date.parse(now) - Date.now();
  },
  now() {
    return Date.now() + this.offset;
  },
};

/** "剩余 2天3小时" or "超期 5小时12分" for a deadline. */
export function countdownText(dueIso, now = districtClock.now()) {
  const ms = Date.parse(dueIso) - now;
  const minutes = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${mins}分` : `${mins}分`;
  return ms < 0 ? `超期 ${span}` : `剩余 ${span}`;
}

/**
 * normal · warning · overdue. Warning from `warningAt` when the host gave one (75% of the limit used), otherwise
 * when less than a quarter of the time from `startIso` is left.
 */
export function urgency(dueIso, { warningAt, startIso, overdue = false } = {}, now = districtClock.now()) {
  const due = Date.parse(dueIso);
  if (overdue || now >= due) return "overdue";
  if (warningAt) return now >= Date.parse(warningAt) ? "warning" : "normal";
  if (startIso) {
    const start = Date.parse(startIso);
    return now >= start + 0.75 * (due - start) ? "warning" : "normal";
  }
  return "normal";
}

/** Makes `span` a live countdown to `due` (ticked by tickCountdowns), coloured by its urgency in `data-urgency`. */
export function countdown(span, due, { warningAt, startIso, overdue = false } = {}) {
  span.classList.add("countdown");
  span.dataset.due = due;
  const set = (key, value) => (value ? (span.dataset[key] = value) : delete span.dataset[key]);
  set("warningAt", warningAt);
  set("start", startIso);
  set("overdue", overdue ? "true" : "");
  tick(span);
  return span;
}

function tick(span) {
  const d = span.dataset;
  d.urgency = urgency(d.due, { warningAt: d.warningAt, startIso: d.start, overdue: d.overdue === "true" });
  span.textContent = countdownText(d.due);
}

/** Re-counts every countdown on the page. */
export function tickCountdowns() {
  document.querySelectorAll(".countdown[data-due]").forEach(tick);
}

/** Who acted, as the timeline names them: the public (not signed in) files as "未登录市民". */
export function actorName(actor) {
  return actor?.id === "unauthenticated" ? "未登录市民" : actor?.id ?? "";
}
