// Drone patrol map: the route flown (LineString) or the area covered (Polygon),
// and the findings as red points. No tile layer: the platform runs offline, so
// the shapes are drawn on a blank background. Coordinates are WGS-84.
// The view is set before any layer is added (Leaflet clips vector layers against
// the renderer's bounds, which do not exist until the map has a view).
(function () {
  "use strict";
  var node = document.getElementById("drone-map");
  var dataNode = document.getElementById("drone-map-data");
  if (!node || !dataNode || !window.L) {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var map = L.map(node, { attributionControl: false, zoomSnap: 0.25 });
  var route = L.geoJSON(data.route, {
    style: function () {
      return { color: "#1d4ed8", weight: 3, fillOpacity: 0.1 };
    },
  });
  var bounds = route.getBounds();
  var points = (data.findings || []).map(function (f) {
    bounds.extend([f.lat, f.lng]);
    return L.circleMarker([f.lat, f.lng], {
      radius: 6,
      color: "#dc2626",
      fillColor: "#dc2626",
      fillOpacity: 0.8,
      weight: 1,
    }).bindPopup(document.createTextNode(f.label));
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  } else {
    map.setView([41.1, 122.99], 10);
  }
  route.addTo(map);
  points.forEach(function (p) {
    p.addTo(map);
  });
})();
