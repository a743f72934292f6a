// Who acts on the supervision monitor. Until the security work issues identities, a development identity is taken
// from the query string (?supervisor=sup-01) and sent in request bodies as `supervisorId`, as the API asks today.
// This module is the one place to change: the security work replaces it with a signed-in user and a bearer token
// (returned by accessToken() for the hub, and by authHeaders() for fetch).

const id = new URLSearchParams(location.search).get("supervisor")?.trim() || null;

export const supervisor = {
  /** The supervisor's id, or null when none is signed in (decisions are then disabled). */
  id: id && /^[A-Za-z0-9._-]{1,64}$/.test(id) ? id : null,
  /** Shown in the header. */
  get label() { return this.id ? `督查员 ${this.id}` : "未指定督查员（开发环境：?supervisor=编号）"; },
};

/** Headers for API calls made as the supervisor (none yet: identities travel in the body). */
export function authHeaders() {
  return {};
}

/** Token for the live connection (none yet). */
export const accessToken = undefined;
