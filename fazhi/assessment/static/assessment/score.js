/* Scoring page: a picked band and the counts entered per rule give the item's points at once
   (the same arithmetic as fazhi/assessment/scoring.py `evaluate`; the server recomputes). */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var DEDUCTING = ["per_shortfall", "fixed", "penalty", "all_or_nothing"];
  var ADDING = ["bonus_per", "bonus"];

  function num(v) { var n = parseFloat(v); return isNaN(n) ? null : n; }
  function q1(x) { return Math.round(x * 10 + 1e-9) / 10; }
  function fmt(x) { return String(q1(x)); }

  function amount(rule, count, whole) {
    if (!count || count <= 0) { return 0; }
    if (rule.shape === "all_or_nothing") { return whole; }
    var step = num(ADDING.indexOf(rule.shape) >= 0 ? rule.add : rule.deduct) || 0;
    var total = step * count;
    var cap = num(rule.cap);
    return cap === null ? total : Math.min(total, cap);
  }

  function recompute(row) {
    var rules;
    try { rules = JSON.parse(row.dataset.rules || "[]"); } catch (e) { return; }
    var kind = row.dataset.kind;
    var max = num(row.dataset.max) || 0;
    var bonusMax = num(row.dataset.bonusMax) || 0;
    var counts = {};
    var any = false;
    row.querySelectorAll(".score-count").forEach(function (input) {
      var c = parseInt(input.value, 10);
      if (!isNaN(c)) { counts[input.dataset.index] = c; any = true; }
    });
    var bandSelect = row.querySelector(".score-band");
    var start = max;
    if (bandSelect && bandSelect.value !== "") {
      var option = bandSelect.options[bandSelect.selectedIndex];
      var p = num(option.dataset.points);
      if (p !== null) { start = max ? Math.min(p, max) : p; any = true; }
    }
    var worked = row.querySelector(".score-worked");
    var points = row.querySelector(".score-points");
    if (!any || !points) { if (worked) { worked.textContent = ""; } return; }
    var lost = 0, bonus = 0;
    rules.forEach(function (rule, i) {
      if (DEDUCTING.indexOf(rule.shape) >= 0) { lost += amount(rule, counts[i], start); }
      if (ADDING.indexOf(rule.shape) >= 0) { bonus += amount(rule, counts[i], 0); }
    });
    var text;
    if (kind === "penalty") {
      points.value = fmt(lost);
      text = form.dataset.textPenalty + " " + fmt(lost) + " " + form.dataset.textPoints;
    } else if (kind === "bonus") {
      var given = max ? Math.min(bonus, max) : bonus;
      points.value = fmt(given);
      text = form.dataset.textBonus + " " + fmt(given) + " " + form.dataset.textPoints;
    } else {
      lost = Math.min(lost, start);
      points.value = fmt(Math.max(0, start - lost));
      bonus = Math.min(bonus, bonusMax);
      text = form.dataset.textLost + " " + fmt(max - Math.max(0, start - lost)) + " " + form.dataset.textPoints;
      if (bonus > 0) { text += " · " + form.dataset.textBonus + " " + fmt(bonus) + " " + form.dataset.textPoints; }
    }
    if (worked) { worked.textContent = text; }
  }

  form.addEventListener("input", function (event) {
    var row = event.target.closest(".score-row");
    if (row && (event.target.classList.contains("score-count") || event.target.classList.contains("score-band"))) {
      recompute(row);
    }
  });
  form.addEventListener("change", function (event) {
    var row = event.target.closest(".score-row");
    if (row && event.target.classList.contains("score-band")) { recompute(row); }
  });
  form.querySelectorAll(".score-row").forEach(recompute);
}());
