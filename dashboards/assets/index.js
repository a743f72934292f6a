// The district map page: streets and grids from the host's own GeoJSON.
import { loadLayer, fitProjection, createSvg, drawLayer, drawLabels } from "./district-map.js";

const width = 1200, height = 900;
try {
  const [streets, communities, grids] = await Promise.all([loadLayer("streets"), loadLayer("communities"), loadLayer("grids")]);
  const project = fitProjection(streets, width, height);
  const svg = createSvg(document.getElementById("map"), width, height);
  drawLayer(svg, grids, project, "grids");
  drawLayer(svg, streets, project, "streets");
  drawLabels(svg, streets, project, "street-labels");

  document.getElementById("street-count").textContent = streets.features.length;
  document.getElementById("community-count").textContent = communities.features.length;
  document.getElementById("grid-count").textContent = grids.features.length;
  const list = document.getElementById("street-list");
  for (const s of streets.features) {
    const item = document.createElement("li");
    item.textContent = s.properties.name;
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = s.properties.code;
    item.appendChild(code);
    list.appendChild(item);
  }
} catch (e) {
  const error = document.getElementById("error");
  error.hidden = false;
  error.textContent = `地图加载失败：${e.message}`;
}
