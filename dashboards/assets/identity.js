// Who sits at the screen. Until the security work brings identities, an officer's bureau and id come from the query
// string (officer.html?bureau=urban-management&officer=zhang-san) and a citizen is a random id kept on the device.
// Everything that needs an identity asks this module, so a token can replace it in one place.

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** `{ bureauId, officerId }` from the query string, or null when either is missing or malformed. */
export function officerIdentity(search = location.search) {
  const query = new URLSearchParams(search);
  const bureauId = query.get("bureau") ?? "";
  const officerId = query.get("officer") ?? "";
  return ID.test(bureauId) && ID.test(officerId) ? { bureauId, officerId } : null;
}

/** The citizen's device id, created once and kept in localStorage. */
export function citizenIdentity(storage = localStorage) {
  let id = storage.getItem("hanan.citizenId");
  if (!id || !ID.test(id)) {
    id = `citizen-${randomId().slice(0, 18)}`;
    storage.setItem("hanan.citizenId", id);
  }
  return { citizenId: id };
}

/** The bearer token for the hub and the API (api.js and connectLive send it); none until the security work lands. */
export function accessToken() {
  return undefined;
}

/** A random UUID (v4). crypto.getRandomValues works on plain-HTTP intranet hosts, where randomUUID does not. */
export function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
