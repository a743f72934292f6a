// The one fetch wrapper of the desk screens: JSON in and out, and RFC 9457 problems turned into readable Chinese.
// A refused request throws an ApiProblem whose `message` is a sentence for the user and whose `fields` holds the
// problem's field messages keyed by JSON path (shown next to the fields they name).
import { accessToken, unauthorized } from "./identity.js";

/** Refusals (the `reason` of a 409 problem) in words an officer or a citizen understands. */
const REASONS = {
  AlreadyClaimed: p => `已被 ${p.claimedBy ?? "其他人"} 签收`,
  NotTheClaimer: p => `该案件由 ${p.claimedBy ?? "其他人"} 经办，只有经办人可以操作`,
  WrongStatus: () => "案件当前状态不允许此操作",
  NotAssigned: () => "本单位不承办该案件",
  NotLeadBureau: () => "只有主办单位可以办结或退单",
  NotCoHandler: () => "只有协办单位可以反馈",
  AssignmentFinished: () => "本单位的办理已经结束",
  NotClaimed: () => "请先签收",
  AlreadyActed: () => "已经办理过，不能退回待签收，请转交或退单",
  ExtensionPending: () => "已有延期申请等待审批",
  NoExtensionPending: () => "没有待审批的延期申请",
  PastDue: () => "已超过时限，不能再申请延期",
  AlreadyRated: () => "本轮办理已经评价过",
  RatingPeriodOver: () => "评价期已过",
  NotYetDue: () => "时间未到",
  HasDuplicates: () => "该案件有合并的重复诉求，不能再合并",
};

const STATUS_MESSAGES = {
  400: "提交的内容有误，请按提示修改",
  401: "登录已失效，请重新登录",
  403: "当前登录身份无权进行此操作",
  404: "案件不存在",
  409: "操作与案件当前状态冲突",
  413: "提交的内容过长",
  429: "操作太频繁，请稍后再试",
  503: "系统繁忙，请稍后再试",
};

/** Field messages in Chinese, by the JSON path the host names; the host's own sentence stays available as a tooltip. */
const FIELDS = {
  category: "请从列表中选择诉求类别",
  description: "请填写问题描述（1–4000字，不含不可见字符）",
  location: "请在平房区范围内选择位置",
  latitude: "请在平房区范围内选择位置",
  longitude: "请在平房区范围内选择位置",
  gridCode: "请在平房区范围内选择位置",
  address: "详细地址最多200字",
  contact: "匿名反映时不能同时留联系方式",
  "contact.name": "称呼过长或含有不可见字符",
  "contact.phone": "请填写11位手机号码",
  idempotencyKey: "这份草稿已用于另一份诉求，请刷新页面后重新填写",
  text: "请填写内容，且不要过长",
  question: "请填写要询问的内容，且不要过长",
  summary: "请填写办理结果，且不要过长",
  reason: "请填写理由，且不要过长",
  extra: "延期时长不正确",
  level: "请选择1–5级评价",
  comment: "评价意见过长或含有不可见字符",
  plate: "请填写正确的号牌，如 黑A·12345",
};

/** Writes the message for `field` into `slot`: the Chinese sentence, with the host's words as its title. */
export function showFieldMessage(slot, field, messages) {
  const hint = FIELDS[field];
  const previous = slot.textContent;
  const sentence = hint ?? messages.join(" ");
  if (!previous.includes(sentence)) slot.textContent = previous ? `${previous} ${sentence}` : sentence;
  slot.title = [slot.title, ...messages].filter(Boolean).join(" ");
}

export class ApiProblem extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem ?? {};
    this.reason = this.problem.reason ?? null;
    this.claimedBy = this.problem.claimedBy ?? null;
    this.fields = this.problem.errors ?? {};
  }
}

/** The Chinese sentence for a problem answer. */
export function describeProblem(status, problem) {
  const explain = problem?.reason && REASONS[problem.reason];
  if (explain) return explain(problem);
  return STATUS_MESSAGES[status] ?? (status >= 500 ? "系统出现错误，请稍后再试" : `请求未被受理（${status}）`);
}

/**
 * Calls the host's API. `body` is sent as JSON; `headers` are added. Resolves with the parsed JSON body (and the
 * status on `.status` of the returned envelope when `withStatus` is set); rejects with an ApiProblem.
 */
export async function api(path, { method = "GET", body, headers = {}, withStatus = false } = {}) {
  const token = accessToken();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiProblem(0, null, "网络连接失败，请检查网络后重试");
  }

  const type = response.headers.get("Content-Type") ?? "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  // A token the host no longer accepts (expired, signed with another key): sign in again. Not for the sign-in itself.
  if (response.status === 401 && token) unauthorized();
  if (!response.ok) throw new ApiProblem(response.status, data, describeProblem(response.status, data));
  return withStatus ? { status: response.status, data } : data;
}

/** Posts an action on a case (claim, notes, resolve, …) and resolves with the case as it now stands. */
export function caseAction(caseId, action, body) {
  return api(`/api/cases/${encodeURIComponent(caseId)}/${action}`, { method: "POST", body });
}

/**
 * Downloads what `url` answers (an export) as a file, named by the answer's Content-Disposition. Resolves to the
 * file's name and whether the export was cut at its row limit; a refusal throws with a sentence for the user.
 */
export async function downloadFile(url) {
  const token = accessToken();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 && token) unauthorized();
  if (!response.ok) throw new Error(STATUS_MESSAGES[response.status] ?? `导出失败（HTTP ${response.status}）`);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = encoded ? decodeURIComponent(encoded[1]) : (/filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "导出文件");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return { name, truncated: response.headers.get("X-Export-Truncated") === "true" };
}
