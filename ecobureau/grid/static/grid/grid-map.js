// Grid maps: cells coloured by level (key unit grids dashed orange), enterprises
// by A/B/C class, open problems. No tile layer: the platform runs offline, so the
// shapes are drawn on a blank background. Coordinates are WGS-84 throughout.
// The view is set before any layer is added: Leaflet clips vector layers against
// the renderer's bounds, which do not exist until the map has a view.
(function () {
  "use strict";
  var node = document.getElementById("grid-map");
  var dataNode = document.getElementById("grid-map-data");
  if (!node || !dataNode || !window.L) {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var map = L.map(node, { attributionControl: false, zoomSnap: 0.25 });
  var levelColours = { 1: "#1f2933", 2: "#1d4ed8", 3: "#0b6e4f" };
  var classColours = { A: "#16a34a", B: "#2563eb", C: "#dc2626" };
  var bounds = L.latLngBounds([]);
  var layers = [];

  function link(url, text) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    return a;
  }

  var cells = L.geoJSON(
    { type: "FeatureCollection", features: data.cells || [] },
    {
      style: function (feature) {
        var p = feature.properties;
        var unitGrid = p.kind !== "administrative";
        return {
          color: unitGrid ? "#d97706" : levelColours[p.level] || "#0b6e4f",
          weight: p.level === 1 ? 3 : 2,
          dashArray: unitGrid || p.demo ? "6 4" : null,
          fillOpacity: unitGrid ? 0.15 : 0.05,
        };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindPopup(link(p.url, p.name + (p.demo ? "（示意边界）" : "")));
      },
    }
  );
  layers.push(cells);
  if ((data.cells || []).length) {
    bounds.extend(cells.getBounds());
  }

  (data.enterprises || []).forEach(function (e) {
    var colour = classColours[e.class] || "#52606d";
    var marker = L.circleMarker([e.lat, e.lng], {
      radius: e.class === "C" ? 5 : 4,
      color: colour,
      fillColor: colour,
      fillOpacity: 0.8,
      weight: 1,
    })
      .bindPopup(link(e.url, e.name + "（" + e.class + "类）"));
    layers.push(marker);
    bounds.extend([e.lat, e.lng]);
  });

  (data.problems || []).forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lng], {
      radius: 8,
      color: "#7c3aed",
      fillColor: "#7c3aed",
      fillOpacity: 0.35,
      weight: 2,
    })
      .bindPopup(link(p.url, "网格问题 #" + p.id + "：" + p.category));
    layers.push(marker);
    bounds.extend([p.lat, p.lng]);
  });

  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [12, 12] });
  } else {
    map.setView([41.1, 123.0], 9);
  }
  layers.forEach(function (layer) {
    layer.addTo(map);
  });
})();
