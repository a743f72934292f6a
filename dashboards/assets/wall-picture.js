// The district picture as the wall holds it: a snapshot from GetPicture(), then numbered pictureDelta messages whose
// listed values replace the held ones (0 or all-zero figures: gone). No DOM here: the wall draws from these maps.

export const WINDOWS = {
  open: "当前在办",
  "1h": "近1小时",
  "24h": "近24小时",
  "7d": "近7天",
};

export const LEVELS = ["250m", "1km"];

const ZERO = { open: 0, overdue: 0, hot: 0, filedToday: 0, claimed: 0, resolvedToday: 0 };

const gridKey = h => `${h.grid}|${h.category}|${h.window}`;
const binKey = h => `${h.level}|${h.row}|${h.column}|${h.category}|${h.window}`;
const isZero = c => Object.keys(ZERO).every(k => !c[k]);

export function createPicture() {
  return { sequence: null, asOf: null, district: { ...ZERO }, grids: new Map(), gridHeat: new Map(), binHeat: new Map(), hotspots: [], levels: new Map() };
}

export function applySnapshot(picture, s) {
  picture.sequence = s.sequence;
  picture.asOf = s.asOf;
  picture.district = { ...ZERO, ...s.district };
  picture.grids = new Map(s.grids.map(g => [g.grid, g.counts]));
  picture.gridHeat = new Map(s.gridHeat.map(h => [gridKey(h), h]));
  picture.binHeat = new Map(s.binHeat.map(h => [binKey(h), h]));
  picture.hotspots = s.hotspots;
  picture.levels = new Map(s.levels.map(l => [l.level, l]));
}

export function applyDelta(picture, d) {
  picture.sequence = d.sequence;
  picture.asOf = d.asOf;
  if (d.district) picture.district = { ...ZERO, ...d.district };
  for (const g of d.grids) {
    if (isZero(g.counts)) picture.grids.delete(g.grid);
    else picture.grids.set(g.grid, g.counts);
  }
  for (const h of d.gridHeat) {
    if (h.count === 0) picture.gridHeat.delete(gridKey(h));
    else picture.gridHeat.set(gridKey(h), h);
  }
  for (const h of d.binHeat) {
    if (h.count === 0) picture.binHeat.delete(binKey(h));
    else picture.binHeat.set(binKey(h), h);
  }
  if (d.hotspots) picture.hotspots = d.hotspots;
}

/** Appeals per grid in the window, summed over the categories shown (all when `categories` is empty). */
export function gridCounts(picture, window, categories) {
  const counts = new Map();
  for (const h of picture.gridHeat.values()) {
    if (h.window !== window || (categories.size > 0 && !categories.has(h.category))) continue;
    counts.set(h.grid, (counts.get(h.grid) ?? 0) + h.count);
  }
  return counts;
}

/** Appeals per density cell of one level in the window: [{row, column, count}]. */
export function binCounts(picture, level, window, categories) {
  const cells = new Map();
  for (const h of picture.binHeat.values()) {
    if (h.level !== level || h.window !== window || (categories.size > 0 && !categories.has(h.category))) continue;
    const key = `${h.row}|${h.column}`;
    const cell = cells.get(key) ?? { row: h.row, column: h.column, count: 0 };
    cell.count += h.count;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** Choropleth class of a count: fixed breaks so a colour means the same number all day. */
export const BREAKS = [1, 2, 4, 8, 16];
export function heatClass(count) {
  let level = 0;
  for (const b of BREAKS) if (count >= b) level++;
  return level;
}
