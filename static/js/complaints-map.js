/* Offline coordinate picker for the complaint forms (no map tiles, no network).
 *
 * Draws a graticule of the city's area as SVG; a click puts the marker there and
 * writes the point (WGS-84, six decimals) into the latitude and longitude inputs;
 * typing in the inputs moves the marker. "放大" narrows the view around the marker
 * so the point can be refined; "使用我的位置" asks the browser for its position.
 * Without JavaScript the two inputs still work on their own.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var root = document.getElementById("map-picker");
  if (!root) {
    return;
  }
  var config = {};
  try {
    config = JSON.parse(root.getAttribute("data-config") || "{}");
  } catch (error) {
    config = {};
  }
  var full = config.bounds || { south: 40.2, north: 41.6, west: 122.3, east: 123.5 };
  var view = { south: full.south, north: full.north, west: full.west, east: full.east };
  var latInput = document.getElementById(root.getAttribute("data-lat-input"));
  var lngInput = document.getElementById(root.getAttribute("data-lng-input"));
  var status = document.getElementById("map-status");
  var width = 640;
  var height = 400;

  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "点击选择位置");
  svg.setAttribute("class", "map-picker");
  svg.style.width = "100%";
  svg.style.maxWidth = width + "px";
  svg.style.border = "1px solid #c8d1dc";
  svg.style.background = "#f6f8fa";
  svg.style.cursor = "crosshair";
  root.appendChild(svg);

  var controls = document.createElement("p");
  controls.className = "no-print";
  [["放大", 0.25], ["缩小", 4], ["全图", 0]].forEach(function (pair) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn secondary";
    button.textContent = pair[0];
    button.addEventListener("click", function () {
      zoom(pair[1]);
    });
    controls.appendChild(button);
    controls.appendChild(document.createTextNode(" "));
  });
  root.appendChild(controls);

  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function toXY(lat, lng) {
    return {
      x: ((lng - view.west) / (view.east - view.west)) * width,
      y: ((view.north - lat) / (view.north - view.south)) * height,
    };
  }

  function point() {
    var lat = parseFloat(latInput && latInput.value);
    var lng = parseFloat(lngInput && lngInput.value);
    return isFinite(lat) && isFinite(lng) ? { lat: lat, lng: lng } : null;
  }

  function step(span) {
    var steps = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
    for (var i = 0; i < steps.length; i++) {
      if (span / steps[i] >= 4) {
        return steps[i];
      }
    }
    return 0.0005;
  }

  function draw() {
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
    var latStep = step(view.north - view.south);
    var lngStep = step(view.east - view.west);
    var digits = latStep < 0.01 ? 3 : 2;
    for (var lat = Math.ceil(view.south / latStep) * latStep; lat <= view.north; lat += latStep) {
      var y = toXY(lat, view.west).y;
      svg.appendChild(element("line", { x1: 0, y1: y, x2: width, y2: y, stroke: "#dde3ea" }));
      svg.appendChild(element("text", { x: 4, y: y - 2, "font-size": 11, fill: "#6b7785" }, lat.toFixed(digits) + "°N"));
    }
    for (var lng = Math.ceil(view.west / lngStep) * lngStep; lng <= view.east; lng += lngStep) {
      var x = toXY(view.south, lng).x;
      svg.appendChild(element("line", { x1: x, y1: 0, x2: x, y2: height, stroke: "#dde3ea" }));
      svg.appendChild(element("text", { x: x + 2, y: height - 4, "font-size": 11, fill: "#6b7785" }, lng.toFixed(digits) + "°E"));
    }
    var p = point();
    if (p) {
      var at = toXY(p.lat, p.lng);
      svg.appendChild(element("circle", { cx: at.x, cy: at.y, r: 7, fill: "#b42318", "fill-opacity": 0.85, stroke: "#fff", "stroke-width": 2, "data-testid": "map-marker" }));
    }
  }

  function write(lat, lng) {
    if (latInput && lngInput) {
      latInput.value = lat.toFixed(6);
      lngInput.value = lng.toFixed(6);
    }
    if (status) {
      status.textContent = "已选择：北纬" + lat.toFixed(6) + "，东经" + lng.toFixed(6);
    }
    draw();
  }

  function zoom(factor) {
    if (factor === 0) {
      view = { south: full.south, north: full.north, west: full.west, east: full.east };
      draw();
      return;
    }
    var p = point() || { lat: (view.north + view.south) / 2, lng: (view.east + view.west) / 2 };
    var halfLat = ((view.north - view.south) * factor) / 2;
    var halfLng = ((view.east - view.west) * factor) / 2;
    view = { south: p.lat - halfLat, north: p.lat + halfLat, west: p.lng - halfLng, east: p.lng + halfLng };
    draw();
  }

  svg.addEventListener("click", function (event) {
    var box = svg.getBoundingClientRect();
    var x = ((event.clientX - box.left) / box.width) * width;
    var y = ((event.clientY - box.top) / box.height) * height;
    var lng = view.west + (x / width) * (view.east - view.west);
    var lat = view.north - (y / height) * (view.north - view.south);
    write(lat, lng);
  });
  [latInput, lngInput].forEach(function (input) {
    if (input) {
      input.addEventListener("input", draw);
    }
  });

  var locate = document.getElementById("map-locate");
  if (locate) {
    if (!navigator.geolocation) {
      locate.hidden = true;
    }
    locate.addEventListener("click", function () {
      if (status) {
        status.textContent = "正在获取位置……";
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          write(position.coords.latitude, position.coords.longitude);
          zoom(0.05);
        },
        function () {
          if (status) {
            status.textContent = "无法获取位置，请在图中点选或直接填写经纬度。";
          }
        },
        { timeout: 10000 }
      );
    });
  }
  draw();
})();
