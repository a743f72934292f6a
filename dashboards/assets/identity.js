// The one session module of the four screens. /signin.html stores the signed-in session (token, expiry, user) in
// sessionStorage; every screen asks this module who sits at it, which token to send (api.js for fetch, live.js for the
// hub), renews the token at about two thirds of its lifetime so a wall runs all day unattended, and goes to the
// sign-in page when there is no session, when it expired, or when the host answers 401.

const KEY = "hanan.session";
const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The ten roles in the words of the district. */
export const ROLE_NAMES = {
  citizen: "市民",
  "grid-worker": "网格员",
  officer: "承办人",
  "bureau-head": "承办单位负责人",
  dispatcher: "指挥中心",
  supervision: "监察局",
  leader: "区领导",
  police: "公安",
  auditor: "审计管理员",
  administrator: "系统管理员",
};

export const roleName = role => ROLE_NAMES[role] ?? role ?? "未知角色";

/** The stored session when it is well-formed and not expired, else null. */
export function currentSession(storage = sessionStorage, now = Date.now()) {
  let s;
  try {
    s = JSON.parse(storage.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
  if (!s || typeof s.accessToken !== "string" || !s.user || typeof s.user.role !== "string" || !ID.test(s.user.id ?? "")) return null;
  const expires = Date.parse(s.expiresAt);
  if (!(expires > now)) return null;
  return s;
}

/** Stores a sign-in or renewal answer ({ accessToken, expiresIn, expiresAt, user }). */
export function saveSession(answer, storage = sessionStorage) {
  const session = {
    accessToken: answer.accessToken,
    expiresAt: answer.expiresAt,
    expiresIn: answer.expiresIn,
    receivedAt: new Date().toISOString(),
    user: answer.user,
  };
  storage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(storage = sessionStorage) {
  storage.removeItem(KEY);
}

/** The bearer token for fetch and the hub, or undefined when nobody is signed in. */
export function accessToken() {
  return currentSession()?.accessToken;
}

/** Only a same-origin path ("/wall.html?x=1") is a place to return to; anything else is refused. */
export function safeReturn(value) {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  try {
    const url = new URL(value, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/** The sign-in page, returning here, proposing `role`. */
export function signInUrl(role) {
  const query = new URLSearchParams({ return: location.pathname + location.search });
  if (role) query.set("role", role);
  return `/signin.html?${query}`;
}

let screenRole = null;
let leaving = false;

/** No session, an expired one, or a 401: to the sign-in page (once). */
export function goSignIn(role = screenRole) {
  if (leaving) return;
  leaving = true;
  location.assign(signInUrl(role));
}

/** Called by api.js and live.js when the host refuses the token. */
export function unauthorized() {
  clearSession();
  goSignIn();
}

export function signOut() {
  clearSession();
  goSignIn();
}

/**
 * The session of a screen usable by `roles`. Without a valid session the page goes to the sign-in page proposing
 * `expectedRole` and this returns null. With a role that cannot use the screen, `refusal` (an element) says so in
 * Chinese and this returns null. Otherwise the session, with renewal scheduled and a sign-out button in `header`.
 */
export function requireSession({ roles, expectedRole, refusal, header }) {
  screenRole = expectedRole;
  const session = currentSession();
  if (!session) {
    goSignIn(expectedRole);
    return null;
  }
  if (header) mountSignOut(header, session);
  if (!roles.includes(session.user.role)) {
    if (refusal) {
      refusal.hidden = false;
      refusal.textContent = "";
      refusal.dataset.refused = session.user.role;
      const h = document.createElement("h2");
      h.textContent = "当前身份不能使用本屏幕";
      const p = document.createElement("p");
      p.textContent = `当前登录身份「${roleName(session.user.role)} ${session.user.id}」不能使用本屏幕。` +
        `本屏幕供${roles.map(roleName).join("、")}使用，请退出后以相应身份登录。`;
      const link = document.createElement("a");
      link.href = signInUrl(expectedRole);
      link.textContent = "重新登录";
      link.addEventListener("click", () => clearSession());
      refusal.append(h, p, link);
    }
    return null;
  }
  scheduleRenewal();
  return session;
}

/** A sign-out button and the signed-in person, at the end of the screen's header. */
function mountSignOut(header, session) {
  if (header.querySelector("#sign-out")) return;
  const who = document.createElement("span");
  who.className = "session-user";
  who.id = "session-user";
  who.textContent = `${roleName(session.user.role)} ${session.user.id}`;
  const button = document.createElement("button");
  button.type = "button";
  button.id = "sign-out";
  button.className = "sign-out";
  button.textContent = "退出登录";
  button.addEventListener("click", signOut);
  header.append(who, button);
}

let renewal = null;

/** When to renew: two thirds into the token's lifetime (at once when that is past). */
export function renewalDelay(session, now = Date.now()) {
  const expires = Date.parse(session.expiresAt);
  const lifetime = (Number(session.expiresIn) > 0 ? Number(session.expiresIn) * 1000 : expires - Date.parse(session.receivedAt)) || 0;
  return Math.max(0, expires - lifetime / 3 - now);
}

function scheduleRenewal() {
  clearTimeout(renewal);
  const session = currentSession();
  if (!session) return;
  renewal = setTimeout(renew, Math.min(renewalDelay(session), 2_000_000_000));
}

/** POST /api/auth/renew. A refusal (401: expired, or past the longest session) signs in again; a network error retries. */
async function renew() {
  const session = currentSession();
  if (!session) return unauthorized();
  let response;
  try {
    response = await fetch("/api/auth/renew", {
      method: "POST",
      headers: { Accept: "application/json", Authorization: `Bearer ${session.accessToken}` },
      credentials: "same-origin",
    });
  } catch {
    renewal = setTimeout(renew, 30_000);
    return;
  }
  if (response.status === 401) return unauthorized();
  if (!response.ok) {
    renewal = setTimeout(renew, 30_000);
    return;
  }
  saveSession(await response.json());
  scheduleRenewal();
}

/** A random UUID (v4). crypto.getRandomValues works on plain-HTTP intranet hosts, where randomUUID does not. */
export function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
