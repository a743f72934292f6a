// The development sign-in page (/signin.html): a demo user of any of the ten roles, with the demo password, through
// POST /api/auth/dev-sign-in. The session goes to sessionStorage (identity.js) and the browser back to ?return= — only
// a same-origin path. With an external identity provider the host has no development sign-in, and the page says so.
import { ROLE_NAMES, saveSession, safeReturn } from "./identity.js";

const $ = id => document.getElementById(id);
const form = $("signin-form");
const query = new URLSearchParams(location.search);

/** Where each role works when no page asked for the sign-in. */
const HOME = { officer: "/officer.html", "bureau-head": "/officer.html", dispatcher: "/wall.html", leader: "/wall.html",
  supervision: "/supervision.html", citizen: "/citizen.html", police: "/police.html" };

/** The host's field messages in Chinese (its own sentence stays as the title). */
const FIELDS = {
  user: "请填写用户编号：1–64个字母、数字或 - _ .",
  role: "请选择角色",
  bureau: "承办人和承办单位负责人须选择所属单位",
  grids: "网格员须填写1–50个本区网格编码（花名册上的网格员可不填，填写时须与花名册一致）",
  password: "密码错误",
  body: "请求格式有误",
};

const requested = query.get("return");
const destination = safeReturn(requested);

const notice = (message, kind = "bad") => {
  const n = $("notice");
  n.hidden = !message;
  n.dataset.kind = kind;
  n.textContent = message ?? "";
};

const clearFields = () => {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.textContent = "";
    slot.title = "";
  }
};

const showField = (field, messages) => {
  const slot = form.querySelector(`.field-error[data-field="${CSS.escape(field)}"]`) ?? form.querySelector('.field-error[data-field="body"]');
  slot.textContent = FIELDS[field] ?? messages.join(" ");
  slot.title = messages.join(" ");
};

const showRows = () => {
  const role = form.elements.role.value;
  $("bureau-row").hidden = !(role === "officer" || role === "bureau-head");
  $("grids-row").hidden = role !== "grid-worker";
};

for (const [role, name] of Object.entries(ROLE_NAMES)) {
  const option = document.createElement("option");
  option.value = role;
  option.textContent = name;
  form.elements.role.append(option);
}
if (ROLE_NAMES[query.get("role")]) form.elements.role.value = query.get("role");
form.elements.role.addEventListener("change", showRows);
showRows();
if (requested !== null && destination === null) notice("返回地址不是本系统的页面，已忽略；登录后将进入默认页面。", "bad");

form.addEventListener("submit", async event => {
  event.preventDefault();
  clearFields();
  notice(null);
  const role = form.elements.role.value;
  const body = { user: form.elements.user.value.trim(), role, password: form.elements.password.value };
  if (!$("bureau-row").hidden) body.bureau = form.elements.bureau.value;
  if (!$("grids-row").hidden) body.grids = form.elements.grids.value.split(/[,，\s]+/).filter(Boolean);

  const button = $("submit");
  button.disabled = true;
  try {
    let response;
    try {
      response = await fetch("/api/auth/dev-sign-in", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch {
      notice("网络连接失败，请检查网络后重试");
      return;
    }
    const answer = await response.json().catch(() => null);
    if (response.ok && answer?.accessToken) {
      saveSession(answer);
      location.replace(destination ?? HOME[answer.user.role] ?? "/");
      return;
    }
    const errors = answer?.errors ?? {};
    if (response.status === 401 && errors.password) {
      showField("password", errors.password);
      notice("用户编号或密码错误");
    } else if (response.status === 404 || response.status === 401 || response.status === 405) {
      notice("本系统已接入统一身份认证平台，开发登录不可用。请通过统一身份认证入口登录。");
      form.hidden = true;
    } else if (response.status === 429) {
      const wait = Number(response.headers.get("Retry-After")) || 0;
      notice(`登录失败次数过多，已暂时锁定，请 ${wait > 0 ? `${Math.ceil(wait / 60)} 分钟（${wait} 秒）` : "稍"}后再试`);
    } else if (response.status === 400) {
      for (const [field, messages] of Object.entries(errors)) showField(field, messages);
      notice("登录信息有误，请按提示修改");
    } else {
      notice(`登录未成功（${response.status}），请稍后再试`);
    }
  } finally {
    button.disabled = false;
  }
});

// The bureaus load after the form handles its submit: an early tap never falls back to a native submit.
try {
  const response = await fetch("/api/bureaus", { headers: { Accept: "application/json" } });
  const bureaus = response.ok ? await response.json() : [];
  for (const b of bureaus) {
    const option = document.createElement("option");
    option.value = b.id;
    option.textContent = b.name;
    form.elements.bureau.append(option);
  }
} catch {
  notice("单位名录加载失败，请检查网络后刷新页面");
}
form.dataset.ready = "true";
