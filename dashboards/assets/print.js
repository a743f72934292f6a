// 诉求办理单: the case the host shapes for the signed-in person, with its trace, laid out for A4 (print.css).
import { getJson, localTime } from "./wall-directory.js";
import { loadLayer } from "./district-map.js";
import { currentSession, goSignIn } from "./identity.js";
import { text } from "./live.js";

const $ = id => document.getElementById(id);
const STATUS = {
  Dispatched: "待签收", InProgress: "办理中", AwaitingCitizen: "待补充材料", Returned: "退单待改派",
  Resolved: "已办结，待评价", Closed: "已关闭", UnderReview: "监察复核中", Merged: "已合并",
};
const CHANNELS = { Citizen: "群众自主反映", GridWorker: "网格员代报", Hotline: "热线电话", CameraAlert: "视频告警" };
const ROLES = {
  officer: "经办人", "bureau-head": "承办单位负责人", dispatcher: "指挥中心", supervision: "区监察局", citizen: "诉求人",
  "grid-worker": "网格员", system: "系统", leader: "区领导", "open311-client": "对接系统",
};
const fullTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
});
const when = instant => (instant ? fullTime.format(new Date(instant)) : "");

async function show(id) {
  const [view, categories, bureaus, streets, grids] = await Promise.all([
    getJson(`/api/cases/${id}`), getJson("/api/appeals/categories"), getJson("/api/bureaus"), loadLayer("streets"), loadLayer("grids"),
  ]);
  const category = new Map(categories.map(c => [c.code, c.name]));
  const bureau = new Map(bureaus.map(b => [b.id, b.name]));
  const name = (layer, code) => layer.features.find(f => f.properties.code === code)?.properties.name ?? code;
  text($("number"), view.number);
  text($("category"), category.get(view.categoryCode) ?? view.categoryCode);
  text($("state"), `${STATUS[view.status] ?? view.status}${view.overdue ? "（已超期）" : ""}`);
  text($("filed"), when(view.filedAt));
  text($("due"), when(view.deadlines.resolveDue));
  text($("lead"), bureau.get(view.leadBureau) ?? view.leadBureau);
  text($("co"), view.coHandlers.map(c => bureau.get(c) ?? c).join("、") || "无");
  text($("place"), [name(streets, view.streetCode), name(grids, view.gridCode), view.address].filter(Boolean).join(" · "));
  text($("contact"), view.contact ? `${view.contact.name ?? ""} ${view.contact.phone ?? ""}`.trim() || "未留" : "匿名");
  text($("channel"), CHANNELS[view.channel] ?? view.channel);
  text($("description"), view.description);
  $("trace").replaceChildren(...view.timeline.map(e => {
    const row = document.createElement("tr");
    row.dataset.action = e.action;
    const who = e.unit ? `${bureau.get(e.unit) ?? e.unit} ${ROLES[e.actor.role] ?? ""}` : (ROLES[e.actor.role] ?? e.actor.role);
    for (const value of [when(e.at), who.trim(), e.description]) {
      const cell = document.createElement("td");
      text(cell, value);
      row.append(cell);
    }
    return row;
  }));
  text($("printed"), `打印时间 ${when(new Date().toISOString())} · 共 ${view.timeline.length} 条留痕`);
  document.title = `诉求办理单 ${view.number}`;
  $("sheet").hidden = false;
  text($("status"), `受理编号 ${view.number}，可直接打印（A4）`);
}

const id = location.hash.slice(1);
if (!currentSession()) {
  goSignIn();
} else if (!/^[0-9a-f-]{36}$/i.test(id)) {
  text($("status"), "未指定案件");
} else {
  $("print").addEventListener("click", () => window.print());
  show(id).catch(e => text($("status"), `案件加载失败：${e.message}`));
}
