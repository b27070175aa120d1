// The unit chooser (fazhi.org.widgets.UnitChooser): a select that holds only the chosen unit,
// given a search box whose suggestions come from the scoped units API as one types. The page
// never lists the whole tree, so its weight does not grow with the number of units.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var SHOWN = 20;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function chosenOptions(select) {
    return Array.prototype.filter.call(select.options, function (o) { return o.value !== "" && o.selected; });
  }

  function setup(select) {
    if (select.dataset.unitChooserReady) { return; }
    select.dataset.unitChooserReady = "1";
    var multiple = select.multiple;
    var listId = (select.id || select.name) + "-suggestions";
    var box = el("div", {"class": "unit-chooser position-relative"});
    var chips = el("div", {"class": "unit-chooser-chosen d-flex flex-wrap gap-1 mb-1"});
    var input = el("input", {
      "type": "search", "class": "form-control", "autocomplete": "off", "role": "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
      "placeholder": select.dataset.placeholder || ""
    });
    if (select.id) { input.id = select.id + "-search"; }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) { label.setAttribute("for", input.id); }
    var list = el("ul", {"class": "list-group position-absolute w-100 shadow-sm unit-chooser-list", "role": "listbox", "id": listId});
    list.style.zIndex = 1050;
    list.style.maxHeight = "18rem";
    list.style.overflowY = "auto";
    list.hidden = true;
    select.parentNode.insertBefore(box, select);
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(select);
    select.hidden = true;
    select.removeAttribute("required");  // the server says what is missing; a hidden field cannot be focused
    var timer = null, active = -1, results = [], seq = 0;

    function render() {
      chips.textContent = "";
      var chosen = chosenOptions(select);
      if (!multiple) {
        input.value = chosen.length ? chosen[0].textContent.trim() : "";
        return;
      }
      chosen.forEach(function (o) {
        var chip = el("span", {"class": "badge text-bg-light border d-inline-flex align-items-center gap-1"}, o.textContent.trim());
        var x = el("button", {"type": "button", "class": "btn-close", "aria-label": (select.dataset.clear || "×") + " " + o.textContent.trim()});
        x.style.fontSize = "0.6rem";
        x.addEventListener("click", function () { o.remove(); render(); changed(); });
        chip.appendChild(x);
        chips.appendChild(chip);
      });
    }

    function changed() { select.dispatchEvent(new Event("change", {bubbles: true})); }

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }

    function choose(unit) {
      var value = String(unit.id);
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
      if (!multiple) {
        Array.prototype.slice.call(select.options).forEach(function (o) { if (o.value !== "") { o.remove(); } });
        option = null;
      }
      if (!option) {
        option = new Option(unit.name, value, true, true);
        select.appendChild(option);
      }
      option.selected = true;
      close();
      render();
      if (multiple) { input.value = ""; }
      changed();
    }

    function clear() {
      if (multiple) { return; }
      var had = chosenOptions(select).length > 0;
      Array.prototype.slice.call(select.options).forEach(function (o) { if (o.value !== "") { o.remove(); } });
      var blank = Array.prototype.find.call(select.options, function (o) { return o.value === ""; });
      if (blank) { blank.selected = true; }
      if (had) { changed(); }
    }

    function highlight(i) {
      var items = list.querySelectorAll("[role=option]");
      active = Math.max(-1, Math.min(i, items.length - 1));
      Array.prototype.forEach.call(items, function (item, n) {
        item.classList.toggle("active", n === active);
        item.setAttribute("aria-selected", n === active ? "true" : "false");
      });
      if (active >= 0) { items[active].scrollIntoView({block: "nearest"}); }
    }

    function show(units) {
      results = units.slice(0, SHOWN);
      list.textContent = "";
      if (!results.length) {
        list.appendChild(el("li", {"class": "list-group-item text-muted small"}, select.dataset.noMatch || ""));
      }
      results.forEach(function (unit, n) {
        var item = el("li", {"class": "list-group-item list-group-item-action", "role": "option", "id": listId + "-" + n,
                             "data-unit-id": String(unit.id), "aria-selected": "false"}, unit.name);
        var where = [unit.parent_name, unit.kind_display].filter(Boolean).join(" · ");
        if (where) { item.appendChild(el("small", {"class": "text-muted ms-2"}, where)); }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(unit); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var q = input.value.trim();
      var mine = ++seq;
      var url = select.dataset.url + "?" + (select.dataset.searchParam || "search") + "=" + encodeURIComponent(q) + "&is_active=true" +
        (select.dataset.params ? "&" + select.dataset.params : "");
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { if (mine === seq) { show(data.results || data); } })
        .catch(function () { if (mine === seq) { show([]); } });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (!multiple && input.value.trim() === "") { clear(); }
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("focus", function () { if (!input.value) { search(); } });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { search(); } else { highlight(active + 1); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault();
        if (active >= 0 && results[active]) { choose(results[active]); } else if (results.length === 1) { choose(results[0]); }
      } else if (event.key === "Escape") { close(); render(); }
    });
    input.addEventListener("blur", function () { setTimeout(function () { close(); render(); }, 150); });
    render();
  }

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-unit-chooser]"), setup);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
