// Names the screens show instead of codes: categories (GET /api/appeals/categories), bureaus (the ranking lists every
// bureau) and the district's streets and grids (the map's GeoJSON). Shared by the wall and the supervision monitor.

import { accessToken, unauthorized } from "./identity.js";

/** GET with the session's token; a 401 (expired or refused token) goes to the sign-in page. */
export async function getJson(url) {
  const token = accessToken();
  const response = await fetch(url, { headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  if (response.status === 401 && token) unauthorized();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

export async function loadDirectory({ streets, grids }) {
  const [categories, bureaus] = await Promise.all([getJson("/api/appeals/categories"), getJson("/api/stats/bureaus")]);
  const byCode = (features) => new Map(features.map(f => [f.properties.code, f.properties]));
  return {
    categories: new Map(categories.map(c => [c.code, c])),
    bureaus: new Map(bureaus.rows.map(r => [r.code, r.name])),
    streets: byCode(streets.features),
    grids: byCode(grids.features),
    category(code) { return this.categories.get(code)?.name ?? code; },
    bureau(code) { return this.bureaus.get(code) ?? code; },
    street(code) { return this.streets.get(code)?.name ?? code; },
    grid(code) { return this.grids.get(code)?.name ?? code; },
  };
}

const districtTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

/** An instant as district (Harbin, UTC+8) time: "11/26 09:00:00". */
export function localTime(instant) {
  return instant ? districtTime.format(new Date(instant)) : "";
}

/** A rate 0..1 as a percentage, or "—" when there is nothing to divide by. */
export function percent(rate) {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}
