// Score drafts kept in this browser as the scorer types (localStorage), so that an expired
// session, a closed tab or a refused save never loses the scores typed so far. The draft is
// dropped once the page shows exactly what it holds (after a successful save).
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form || !form.dataset.draftKey || !window.localStorage) return;
  var key = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var banner = document.getElementById("draft-restored");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && /^(points|shortfalls|reason|note|veto)_/.test(el.name) && !el.disabled;
    });
  }
  function valueOf(el) { return el.type === "checkbox" ? (el.checked ? "on" : "") : el.value; }
  function snapshot() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = valueOf(el); });
    return out;
  }
  function same(a, b) {
    var keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(function (k) { return a[k] === b[k]; });
  }

  var server = snapshot();
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.values) {
    var merged = Object.assign({}, server, stored.values);
    if (same(merged, server)) {
      localStorage.removeItem(key);  // saved: the page already shows the draft
    } else {
      fields().forEach(function (el) {
        if (!(el.name in stored.values)) return;
        if (el.type === "checkbox") el.checked = stored.values[el.name] === "on";
        else el.value = stored.values[el.name];
      });
      if (banner) banner.classList.remove("d-none");
    }
  }

  var timer = null;
  function save() {
    var values = snapshot();
    if (same(values, server)) { localStorage.removeItem(key); return; }
    localStorage.setItem(key, JSON.stringify({ values: values, at: new Date().toISOString() }));
    if (status) status.textContent = status.dataset.savedText + " " + new Date().toLocaleTimeString();
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 300); });
  form.addEventListener("change", save);
  var discard = document.getElementById("draft-discard");
  if (discard) discard.addEventListener("click", function () { localStorage.removeItem(key); window.location.reload(); });
})();
