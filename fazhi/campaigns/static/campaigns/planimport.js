/* Plan importer: edits the draft (a fazhi.plan/1 dict) held in the hidden field #id_draft.
 * The outline is edited as a flat list of nodes with a depth, which makes indent, outdent,
 * merge and split simple list operations; it is nested again into the hidden field after
 * every change, so the form always posts the draft as shown. */
(function () {
  "use strict";
  var hidden = document.getElementById("id_draft");
  var outlineBox = document.getElementById("pi-outline");
  if (!hidden || !outlineBox) return;

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var T = json("pi-ui"), LEVELS = json("pi-levels"), QKINDS = json("pi-quota-kinds") || [], WORKS = json("pi-works"), KINDS = json("pi-kinds");
  var draft = JSON.parse(hidden.value);
  var nodes = flatten(draft.outline || [], 0, []);
  var phaseBox = document.getElementById("pi-phases"), quotaBox = document.getElementById("pi-quotas");
  var source = document.getElementById("pi-source");
  var cursor = null; // {idx, field, pos}: where the caret last was, for "split here"
  draft.phases = draft.phases || [];
  draft.quotas = draft.quotas || [];

  function fmt(s, args) { return s.replace(/\{(\w+)\}/g, function (_, k) { return args[k]; }); }
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function flatten(list, depth, out) {
    list.forEach(function (n) {
      out.push({ label: n.label || "", level: n.level || depth + 1, heading: n.heading || "", text: n.text || "",
                 lines: n.lines || [], kind: n.kind || ((n.children || []).length ? "heading" : "task"), due: n.due || null, depth: depth });
      flatten(n.children || [], depth + 1, out);
    });
    return out;
  }

  function nest() {
    var roots = [], stack = [];
    nodes.forEach(function (n) {
      var node = { label: n.label, level: n.level, heading: n.heading, text: n.text, lines: n.lines, kind: n.kind, due: n.due || null, children: [] };
      while (stack.length > n.depth) stack.pop();
      (stack.length ? stack[stack.length - 1].children : roots).push(node);
      stack.push(node);
    });
    return roots;
  }

  function sync() {
    draft.outline = nest();
    hidden.value = JSON.stringify(draft);
  }

  // The subtree of node i ends before the first following node that is not deeper.
  function subtreeEnd(i) {
    var j = i + 1;
    while (j < nodes.length && nodes[j].depth > nodes[i].depth) j++;
    return j;
  }

  function appliesTo(i) {
    var words = [["行政部门", "admin_dept"], ["窗口", "window"], ["机构", "institution"]];
    var depth = nodes[i].depth + 1;
    for (var j = i; j >= 0; j--) {
      if (nodes[j].depth >= depth) continue;
      depth = nodes[j].depth;
      for (var w = 0; w < words.length; w++) {
        if (nodes[j].heading.indexOf(words[w][0]) >= 0) return [words[w][1]];
      }
    }
    return ["admin_dept", "institution", "window"];
  }

  function kindLabel(v) {
    for (var k = 0; k < KINDS.length; k++) if (KINDS[k].value === v) return KINDS[k].label;
    return v;
  }

  function linesText(lines) {
    if (!lines || !lines.length) return "";
    return lines[0] === lines[1] ? fmt(T.line, { a: lines[0] }) : fmt(T.lines, { a: lines[0], b: lines[1] });
  }

  function btn(act, icon, title, extra) {
    return '<button type="button" class="btn btn-outline-secondary" data-act="' + act + '" title="' + esc(title) +
      '" aria-label="' + esc(title) + '"' + (extra || "") + '><i class="bi bi-' + icon + '"></i></button>';
  }

  function renderOutline() {
    var html = [], tasks = 0;
    nodes.forEach(function (n, i) {
      var isTask = n.kind === "task";
      if (isTask) tasks++;
      html.push(
        '<div class="pi-node ' + (isTask ? "pi-task" : "pi-heading") + '" data-idx="' + i + '" style="margin-left:' + (n.depth * 1.4) + 'rem">' +
        '<div class="d-flex gap-1 align-items-start">' +
        '<input class="form-control form-control-sm pi-label" data-f="label" value="' + esc(n.label) + '" aria-label="' + esc(T.label) + '" maxlength="20">' +
        '<textarea rows="1" class="form-control form-control-sm flex-grow-1 pi-grow pi-heading-field' + (isTask ? "" : " fw-semibold") + '" data-f="heading" aria-label="' + esc(T.heading_field) + '">' + esc(n.heading) + '</textarea>' +
        '<button type="button" class="btn btn-sm pi-kind ' + (isTask ? "btn-success" : "btn-outline-secondary") + '" data-act="kind" title="' +
        esc(isTask ? T.mark_heading : T.mark_task) + '">' + esc(isTask ? T.task : T.heading) + '</button>' +
        '<div class="btn-group btn-group-sm flex-shrink-0" role="group">' +
        btn("outdent", "arrow-bar-left", T.outdent) + btn("indent", "arrow-bar-right", T.indent) +
        btn("merge", "union", T.merge) + btn("split", "scissors", T.split) + btn("delete", "trash", T.delete) +
        '</div></div>' +
        (n.text || n.showText ? '<textarea class="form-control form-control-sm mt-1 pi-text pi-grow" data-f="text" rows="1" aria-label="' + esc(T.text) + '">' + esc(n.text) + '</textarea>' : "") +
        '<div class="pi-meta">' + esc(linesText(n.lines)) +
        (isTask ? ' · ' + esc(T.applies) + esc(appliesTo(i).map(kindLabel).join("、")) : "") +
        (n.text || n.showText ? "" : ' · <a href="#" data-act="show-text">' + esc(T.add_text) + "</a>") + '</div>' +
        '</div>');
    });
    outlineBox.innerHTML = html.length ? html.join("") : '<p class="text-muted">' + esc(T.empty_outline) + "</p>";
    Array.prototype.forEach.call(outlineBox.querySelectorAll(".pi-grow"), grow);
    document.getElementById("pi-outline-count").textContent = fmt(T.nodes, { n: nodes.length, t: tasks });
    sync();
  }

  // Text boxes as tall as their text, so that nothing is hidden behind a scroll bar.
  function grow(el) {
    el.style.height = "auto";
    el.style.height = (el.scrollHeight + 2) + "px";
  }

  function option(value, label, selected) {
    return '<option value="' + esc(value) + '"' + (selected ? " selected" : "") + ">" + esc(label) + "</option>";
  }

  function renderPhases() {
    phaseBox.innerHTML = draft.phases.map(function (p, i) {
      var opens = p.opens || [];
      var checks = WORKS.map(function (w) {
        return '<label class="form-check form-check-inline small mb-0 me-2"><input class="form-check-input" type="checkbox" data-open="' +
          esc(w.value) + '"' + (opens.indexOf(w.value) >= 0 ? " checked" : "") + "> " + esc(w.label) + "</label>";
      }).join("");
      function dateCell(k) {
        var label = k === "start" ? T.start : T.end;
        return '<td><input type="date" class="form-control form-control-sm' + (p[k] ? "" : " is-invalid") + (p[k + "_printed"] ? " pi-warn" : "") +
          '" data-pf="' + k + '" value="' + esc(p[k] || "") + '" aria-label="' + esc(label) + '">' +
          (p[k + "_printed"] ? '<div class="pi-partial"><i class="bi bi-exclamation-triangle"></i> ' + esc(fmt(T.printed, { v: p[k + "_printed"] })) + "</div>" : "") + "</td>";
      }
      return '<tr data-phase="' + i + '" data-line="' + esc(p.line || "") + '">' +
        '<td><input class="form-control form-control-sm" data-pf="name" value="' + esc(p.name) + '" aria-label="' + esc(T.phase_name) + '"></td>' +
        dateCell("start") + dateCell("end") +
        '<td class="pi-opens">' + checks + "</td>" +
        '<td class="text-end"><button type="button" class="btn btn-sm btn-outline-danger" data-act="del-phase" title="' + esc(T.delete) + '"><i class="bi bi-trash"></i></button></td></tr>';
    }).join("");
    document.getElementById("pi-phases-empty").hidden = draft.phases.length > 0;
    sync();
  }

  function renderQuotas() {
    quotaBox.innerHTML = draft.quotas.map(function (q, i) {
      var levels = option("", T.level_choose, !q.level) + LEVELS.map(function (l) { return option(l.value, l.label, q.level === l.value); }).join("");
      return '<tr data-quota="' + i + '" data-line="' + esc(q.line || "") + '">' +
        '<td><select class="form-select form-select-sm' + (q.level ? "" : " is-invalid") + '" data-qf="level">' + levels + "</select></td>" +
        '<td><select class="form-select form-select-sm" data-qf="kind" aria-label="' + esc(T.quota_kind) + '">' +
          QKINDS.map(function (k) { return option(k.value, k.label, (q.kind || "cap") === k.value); }).join("") + "</select></td>" +
        '<td><input type="number" min="1" max="1000" class="form-control form-control-sm" data-qf="count" value="' + esc(q.count || "") + '" aria-label="' + esc(T.count) + '"></td>' +
        '<td><select class="form-select form-select-sm" data-qf="per_unit">' + option("0", T.system, !q.per_unit) + option("1", T.per_child, q.per_unit) + "</select></td>" +
        '<td><input class="form-control form-control-sm" data-qf="note" value="' + esc(q.note || "") + '" title="' + esc(q.note || "") + '" maxlength="200" aria-label="' + esc(T.note) + '"></td>' +
        '<td class="text-end"><button type="button" class="btn btn-sm btn-outline-danger" data-act="del-quota" title="' + esc(T.delete) + '"><i class="bi bi-trash"></i></button></td></tr>';
    }).join("");
    document.getElementById("pi-quotas-empty").hidden = draft.quotas.length > 0;
    sync();
  }

  // --- outline operations -------------------------------------------------------------

  function shift(i, delta) {
    for (var j = i, end = subtreeEnd(i); j < end; j++) nodes[j].depth += delta;
  }

  function span(a, b) {
    if (!a || !a.length) return b || [];
    if (!b || !b.length) return a;
    return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
  }

  // Heading up to the first sentence end, the rest as text: how the parser splits an item.
  function asNode(s) {
    var m = /^([^。！？]*[。！？])([\s\S]*)$/.exec(s);
    return m ? { heading: m[1].trim(), text: m[2].trim() } : { heading: s.trim(), text: "" };
  }

  function split(i) {
    var n = nodes[i], parts = null;
    if (cursor && cursor.idx === i && cursor.pos > 0) {
      var value = n[cursor.field];
      if (cursor.pos < value.length) {
        if (cursor.field === "text") {
          parts = asNode(value.slice(cursor.pos));
          n.text = value.slice(0, cursor.pos).trim();
        } else if (cursor.field === "heading") {
          parts = asNode(value.slice(cursor.pos) + (n.text ? "\n" + n.text : ""));
          n.heading = value.slice(0, cursor.pos).trim();
          n.text = "";
        }
      }
    }
    if (!parts && n.text.trim()) {
      parts = asNode(n.text);
      n.text = "";
    } else if (!parts) {
      var first = asNode(n.heading);
      if (!first.text) { alert(T.cannot_split); return; }
      n.heading = first.heading;
      parts = asNode(first.text);
    }
    var hasChildren = subtreeEnd(i) > i + 1;
    nodes.splice(i + 1, 0, { label: "", level: n.level, heading: parts.heading, text: parts.text, lines: (n.lines || []).slice(),
                             kind: "task", depth: hasChildren ? n.depth + 1 : n.depth });
    cursor = null;
  }

  function merge(i) {
    if (i + 1 >= nodes.length) { alert(T.no_next); return; }
    var n = nodes[i], next = nodes[i + 1];
    var absorbed = (next.label + next.heading + (next.text ? "\n" + next.text : "")).trim();
    n.text = n.text ? n.text + "\n" + absorbed : absorbed;
    n.lines = span(n.lines, next.lines);
    // The next node's children become this node's children.
    var delta = next.depth - n.depth;
    for (var j = i + 2, end = subtreeEnd(i + 1); j < end; j++) nodes[j].depth -= delta;
    nodes.splice(i + 1, 1);
  }

  function act(action, i) {
    var n = nodes[i];
    if (action === "show-text") n.showText = true;
    else if (action === "kind") n.kind = n.kind === "task" ? "heading" : "task";
    else if (action === "indent") {
      if (i === 0 || nodes[i - 1].depth < n.depth) { alert(T.cannot_indent); return; }
      shift(i, 1);
    } else if (action === "outdent") {
      if (n.depth === 0) { alert(T.cannot_outdent); return; }
      shift(i, -1);
    } else if (action === "merge") merge(i);
    else if (action === "split") split(i);
    else if (action === "delete") {
      var end = subtreeEnd(i);
      if (end - i > 1 && !confirm(fmt(T.confirm_delete, { n: end - i - 1 }))) return;
      nodes.splice(i, end - i);
    }
    renderOutline();
  }

  // --- events ---------------------------------------------------------------------------

  outlineBox.addEventListener("input", function (e) {
    var f = e.target.getAttribute("data-f"), box = e.target.closest(".pi-node");
    if (!f || !box) return;
    nodes[+box.getAttribute("data-idx")][f] = e.target.value;
    if (e.target.classList.contains("pi-grow")) grow(e.target);
    sync();
  });
  ["keyup", "click", "select"].forEach(function (type) {
    outlineBox.addEventListener(type, function (e) {
      var f = e.target.getAttribute && e.target.getAttribute("data-f"), box = e.target.closest && e.target.closest(".pi-node");
      if ((f === "text" || f === "heading") && box) cursor = { idx: +box.getAttribute("data-idx"), field: f, pos: e.target.selectionStart };
    });
  });
  outlineBox.addEventListener("mousedown", function (e) {
    // Keep the caret position when the split button takes the focus.
    if (e.target.closest("[data-act='split']")) e.preventDefault();
  });
  outlineBox.addEventListener("click", function (e) {
    var b = e.target.closest("[data-act]"), box = e.target.closest(".pi-node");
    if (b && box) { e.preventDefault(); act(b.getAttribute("data-act"), +box.getAttribute("data-idx")); }
  });

  phaseBox.addEventListener("input", function (e) {
    var row = e.target.closest("[data-phase]");
    if (!row) return;
    var p = draft.phases[+row.getAttribute("data-phase")], f = e.target.getAttribute("data-pf");
    if (f) {
      p[f] = e.target.value || null;
      if (f === "start" || f === "end") {
        p[f + "_printed"] = null;
        e.target.classList.toggle("is-invalid", !e.target.value);
        e.target.classList.remove("pi-warn");
        var note = e.target.parentNode.querySelector(".pi-partial");
        if (note) note.remove();
      }
    }
    if (e.target.hasAttribute("data-open")) {
      p.opens = Array.prototype.map.call(row.querySelectorAll("[data-open]:checked"), function (c) { return c.getAttribute("data-open"); });
    }
    sync();
  });
  quotaBox.addEventListener("input", function (e) {
    var row = e.target.closest("[data-quota]"), f = e.target.getAttribute("data-qf");
    if (!row || !f) return;
    var q = draft.quotas[+row.getAttribute("data-quota")];
    if (f === "count") q.count = parseInt(e.target.value, 10) || null;
    else if (f === "per_unit") q.per_unit = e.target.value === "1";
    else q[f] = e.target.value;
    if (f === "level") e.target.classList.toggle("is-invalid", !e.target.value);
    sync();
  });
  document.getElementById("planimport-draft").addEventListener("click", function (e) {
    var b = e.target.closest("[data-act]");
    if (!b) return;
    var a = b.getAttribute("data-act");
    if (a === "add-phase") { draft.phases.push({ name: T.new_phase, start: null, end: null, opens: [] }); renderPhases(); }
    else if (a === "add-quota") { draft.quotas.push({ level: "", kind: "cap", count: 1, per_unit: false, note: "" }); renderQuotas(); }
    else if (a === "del-phase") { draft.phases.splice(+b.closest("[data-phase]").getAttribute("data-phase"), 1); renderPhases(); }
    else if (a === "del-quota") { draft.quotas.splice(+b.closest("[data-quota]").getAttribute("data-quota"), 1); renderQuotas(); }
  });

  // --- source highlighting -------------------------------------------------------------------

  var lit = [];
  function highlight(a, b) {
    lit.forEach(function (el) { el.classList.remove("pi-lit", "pi-lit-first"); });
    lit = [];
    if (!a) return;
    for (var k = a; k <= (b || a); k++) {
      var el = document.getElementById("pi-L" + k);
      if (el) { el.classList.add("pi-lit"); lit.push(el); }
    }
    if (!lit.length) return;
    lit[0].classList.add("pi-lit-first");
    // Scroll the source column only, never the page.
    var top = lit[0].offsetTop - source.offsetTop, bottom = top + lit[0].offsetHeight;
    if (top < source.scrollTop || bottom > source.scrollTop + source.clientHeight) source.scrollTop = Math.max(0, top - 40);
  }
  document.getElementById("planimport-draft").addEventListener("mouseover", function (e) {
    var box = e.target.closest(".pi-node");
    if (box) { var l = nodes[+box.getAttribute("data-idx")].lines || []; highlight(l[0], l[1]); return; }
    var row = e.target.closest("[data-line]");
    if (row && row.getAttribute("data-line")) { var n = +row.getAttribute("data-line"); highlight(n, n); }
  });

  renderPhases();
  renderQuotas();
  renderOutline();
})();
