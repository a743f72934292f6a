// The citizen's own tab: real-name binding (实名绑定) of the signed-in account to their resident record, the record and
// household as the host shows them (masked), and the notices (传达) sent to them with 标记已读. Everything from the
// host is written as text.
import { el, text } from "./live.js";
import { api, ApiProblem } from "./api.js";
import { formatTime } from "./case-text.js";

const $ = id => document.getElementById(id);

/** What the binding form says for each refusal, in words a citizen understands. */
const BIND_MESSAGES = {
  noMatch: "身份证号码与姓名不匹配，请核对后重试（多次失败将暂停绑定24小时）",
  idNumber: "请填写正确的18位身份证号码",
  name: "请填写姓名（最多40字）",
  409: "该账号已绑定，或该居民已被其他账号绑定",
  429: "失败次数过多，请24小时后再试",
};

const slot = field => $("binding-form").querySelector(`.field-error[data-field="${field}"]`);

const clearErrors = () => {
  for (const s of $("binding-form").querySelectorAll(".field-error")) {
    text(s, "");
    s.title = "";
  }
};

/** Field messages of a refused binding: an unknown ID number and a wrong name look the same, and say so. */
const showBindingProblem = e => {
  if (!(e instanceof ApiProblem)) {
    text(slot("form"), e.message);
    return;
  }
  const fields = e.fields ?? {};
  if (e.status === 400 && fields.idNumber && fields.name) {
    text(slot("form"), BIND_MESSAGES.noMatch);
  } else if (e.status === 400) {
    for (const field of ["idNumber", "name"]) {
      if (fields[field]) {
        text(slot(field), BIND_MESSAGES[field]);
        slot(field).title = fields[field].join(" ");
      }
    }
  } else {
    text(slot("form"), BIND_MESSAGES[e.status] ?? e.message);
  }
};

const noticeItem = (notice, onRead) => {
  const item = el("li", "notice-item");
  item.dataset.noticeId = notice.id;
  item.dataset.read = String(notice.read);
  const head = el("div", "notice-head");
  head.append(el("h3", null, notice.title), el("span", "state", notice.read ? "已读" : "未读"));
  item.append(head, el("time", null, formatTime(notice.sentAt)), el("p", "body", notice.body));
  if (!notice.read) {
    const button = el("button", "mark-read", "标记已读");
    button.type = "button";
    button.addEventListener("click", () => onRead(notice, button));
    item.append(button);
  }
  return item;
};

/** Starts the tab; `notice(message, kind)` is the page's message line. Returns `{ refresh }`. */
export function startMe({ notice }) {
  let bound = false;

  const renderNotices = list => {
    const unread = list.filter(n => !n.read).length;
    text($("unread-count"), unread ? String(unread) : "");
    $("my-notices").replaceChildren(...list.map(n => noticeItem(n, markRead)));
    $("notices-empty").hidden = list.length > 0;
  };

  let notices = [];
  const markRead = async (n, button) => {
    button.disabled = true;
    try {
      const updated = await api(`/api/me/notices/${encodeURIComponent(n.id)}/read`, { method: "POST" });
      notices = notices.map(x => (x.id === updated.id ? updated : x));
      renderNotices(notices);
    } catch (e) {
      button.disabled = false;
      notice(`标记失败：${e.message}`, "bad");
    }
  };

  const showBound = async binding => {
    bound = true;
    $("binding-form").hidden = true;
    $("bound").hidden = false;
    $("notices-panel").hidden = false;
    text($("bound-name"), binding.name);
    text($("bound-id"), binding.idNumber);
    const [self, household, list] = await Promise.all([api("/api/me/resident"), api("/api/me/household"), api("/api/me/notices")]);
    text($("bound-address"), `住址 ${self.address.label}`);
    $("household").replaceChildren(...household.map(m => el("li", null, `${m.name} · ${m.idNumber}${m.id === self.id ? "（本人）" : ""}`)));
    notices = list;
    renderNotices(notices);
  };

  const showUnbound = () => {
    bound = false;
    $("binding-form").hidden = false;
    $("bound").hidden = true;
    $("notices-panel").hidden = true;
    text($("unread-count"), "");
  };

  const refresh = async () => {
    try {
      await showBound(await api("/api/me/binding"));
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 404) showUnbound();
      else notice(`加载失败：${e.message}`, "bad");
    }
  };

  $("binding-form").addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors();
    const form = event.target;
    const body = { name: form.elements.name.value.trim(), idNumber: form.elements.idNumber.value.trim().toUpperCase() };
    if (!body.name) return text(slot("name"), BIND_MESSAGES.name);
    if (body.idNumber.length !== 18) return text(slot("idNumber"), BIND_MESSAGES.idNumber);
    $("bind-submit").disabled = true;
    try {
      const binding = await api("/api/me/binding", { method: "POST", body });
      form.reset();
      await showBound(binding);
      notice("实名绑定成功", "ok");
    } catch (e) {
      showBindingProblem(e);
    } finally {
      $("bind-submit").disabled = false;
    }
  });

  $("unbind").addEventListener("click", async () => {
    try {
      await api("/api/me/binding", { method: "DELETE" });
      showUnbound();
      notice("已解除绑定", "ok");
    } catch (e) {
      notice(`解除失败：${e.message}`, "bad");
    }
  });

  // Loaded when the tab is opened, not before: an unbound citizen who only files appeals asks nothing of /api/me.
  return { refresh, get bound() { return bound; } };
}
