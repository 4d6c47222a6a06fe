// The patrol page: the browser's position (Geolocation API, WGS-84) fills the
// latitude, longitude and accuracy fields; typing them by hand still works.
(function () {
  "use strict";
  var button = document.getElementById("gps-button");
  var status = document.getElementById("gps-status");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var accuracy = document.getElementById("id_accuracy_m");
  if (!button || !status || !lat || !lng) {
    return;
  }

  function locate() {
    if (!navigator.geolocation) {
      status.textContent = "此浏览器不能定位，请手工填写地点。";
      return;
    }
    status.textContent = "正在定位……";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        if (accuracy) {
          accuracy.value = Math.round(position.coords.accuracy);
        }
        status.textContent =
          "已定位（WGS-84），精度约" + Math.round(position.coords.accuracy) + "米。";
      },
      function (error) {
        status.textContent = "未能定位（" + error.message + "），请手工填写地点。";
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }

  button.addEventListener("click", locate);
  if (!lat.value) {
    locate();
  }
})();
