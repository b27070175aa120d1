// Shows the time left; the server enforces the deadline whatever this clock says.
(function () {
  var el = document.getElementById("timer");
  if (!el) return;
  var left = parseInt(el.dataset.remaining, 10);
  function show() {
    var m = Math.floor(left / 60), s = left % 60;
    el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left <= 60) el.classList.add("text-danger");
  }
  show();
  setInterval(function () { if (left > 0) { left -= 1; show(); } }, 1000);
})();
