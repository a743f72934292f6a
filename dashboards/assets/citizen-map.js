// The citizen's map pin: the district drawn from its own GeoJSON; a tap becomes a WGS84 point through the inverse of
// the map's projection, and the host names the grid, community and street it lies in.
import { loadLayer, fitProjection, createSvg, drawLayer, drawLabels } from "./district-map.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * The inverse of a projection of the form [a + b·lon, c − d·lat] (fitProjection's shape: a scale per axis and an
 * offset), recovered from two projected points near `[lon, lat]`.
 */
export function invertProjection(project, [lon, lat]) {
  const step = 0.01;
  const [x1, y1] = project([lon, lat]);
  const [x2, y2] = project([lon + step, lat + step]);
  const perLon = (x2 - x1) / step;
  const perLat = (y1 - y2) / step;
  return ([x, y]) => [lon + (x - x1) / perLon, lat - (y - y1) / perLat];
}

/** Draws the map into `container`; `onPick({ longitude, latitude })` is called for each tap, after the pin moved. */
export async function createPinMap(container, onPick, width = 600, height = 520) {
  const [streets, grids] = await Promise.all([loadLayer("streets"), loadLayer("grids")]);
  const project = fitProjection(streets, width, height, 8);
  const first = streets.features[0].properties;
  const invert = invertProjection(project, [first.labelLongitude, first.labelLatitude]);

  const svg = createSvg(container, width, height);
  drawLayer(svg, grids, project, "grids");
  drawLayer(svg, streets, project, "streets");
  drawLabels(svg, streets, project, "street-labels");

  const pin = document.createElementNS(SVG, "g");
  pin.setAttribute("class", "pin");
  pin.setAttribute("visibility", "hidden");
  const dot = document.createElementNS(SVG, "circle");
  dot.setAttribute("r", "7");
  const ring = document.createElementNS(SVG, "circle");
  ring.setAttribute("r", "14");
  ring.setAttribute("class", "ring");
  pin.append(ring, dot);
  svg.appendChild(pin);

  svg.addEventListener("click", event => {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const { x, y } = point.matrixTransform(svg.getScreenCTM().inverse());
    pin.setAttribute("transform", `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
    pin.setAttribute("visibility", "visible");
    const [longitude, latitude] = invert([x, y]);
    onPick({ longitude, latitude });
  });

  return {
    clear() {
      pin.setAttribute("visibility", "hidden");
    },
  };
}
