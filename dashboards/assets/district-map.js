// Draws the district from its own GeoJSON as SVG: no tile server, no external library.
// Coordinates are WGS84 (x = longitude, y = latitude); an equirectangular projection scaled by cos(latitude)
// keeps shapes true at Harbin's 45.6°N over a district of this size.

const SVG = "http://www.w3.org/2000/svg";

export async function loadLayer(name) {
  const response = await fetch(`/api/district/${name}`, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.json();
}

/** A projection that fits the bounds of `collection` into a width × height box with a margin. */
export function fitProjection(collection, width, height, margin = 16) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of collection.features) {
    for (const ring of rings(f.geometry)) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x; if (x > maxX) maxX = x;
        if (y < minY) minY = y; if (y > maxY) maxY = y;
      }
    }
  }
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
  const scale = Math.min((width - 2 * margin) / ((maxX - minX) * k), (height - 2 * margin) / (maxY - minY));
  const offsetX = (width - (maxX - minX) * k * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  return ([x, y]) => [offsetX + (x - minX) * k * scale, offsetY + (maxY - y) * scale];
}

function rings(geometry) {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

function pathData(geometry, project) {
  return rings(geometry)
    .map(ring => ring.map((c, i) => { const [x, y] = project(c); return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`; }).join("") + "Z")
    .join("");
}

/** Appends one path per feature to `parent`; returns them keyed by the feature's `code` property. */
export function drawLayer(parent, collection, project, className) {
  const group = document.createElementNS(SVG, "g");
  group.setAttribute("class", className);
  const byCode = new Map();
  for (const f of collection.features) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", pathData(f.geometry, project));
    path.dataset.code = f.properties.code;
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${f.properties.name}（${f.properties.code}）`; // text, never HTML
    path.appendChild(title);
    group.appendChild(path);
    byCode.set(f.properties.code, path);
  }
  parent.appendChild(group);
  return byCode;
}

/** Writes each feature's name at its label point (always inside the polygon). */
export function drawLabels(parent, collection, project, className) {
  const group = document.createElementNS(SVG, "g");
  group.setAttribute("class", className);
  for (const f of collection.features) {
    const [x, y] = project([f.properties.labelLongitude, f.properties.labelLatitude]);
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", x.toFixed(1));
    text.setAttribute("y", y.toFixed(1));
    text.textContent = f.properties.name;
    group.appendChild(text);
  }
  parent.appendChild(group);
}

export function createSvg(container, width, height) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  container.appendChild(svg);
  return svg;
}
