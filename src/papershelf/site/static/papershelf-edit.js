/* papershelf-edit.js: the editing controls `papershelf serve` adds to its pages (never part of
 * a `papershelf build`).
 *
 * Every element carrying data-paper-id (card, compact line, explorer row, queue entry) gets
 * controls for reading status, priority, tags, notes and removal; the page also gets an "Add
 * paper" box, undo, a Queue link and keyboard keys. Each save sends the version of the paper it
 * was based on: the server refuses it (409) if the paper changed meanwhile, and the page then
 * shows the current values. Changes from other tabs arrive as "paper" events on the live-reload
 * channel. Values are put into the page with textContent only; links only for http(s) URLs.
 */
(function () {
  "use strict";

  var META = document.querySelector('meta[name="papershelf-edit"]');
  if (!META || !window.fetch) return;
  var API = "/__papershelf__/api";
  var HTTP = /^https?:\/\//i;
  var STATUS = ["unread", "reading", "read"];
  var PRIORITY = ["", "top", "second"];
  var token = META.getAttribute("content") || sessionStorage.getItem("papershelf-token") || "";
  var states = {};      // id -> state from the server (status, priority, tags, notes, version)
  var vocab = { topics: [], sections: [], tags: [], undo: null };
  var current = null;   // the paper element j/k moved to
  var dirtyNote = null; // an open note editor with unsaved text
  var reloadWanted = false;

  // -- helpers ------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined && c !== false) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function api(body) {
    var options = { headers: { "X-Papershelf-Token": token }, cache: "no-store" };
    var url = API;
    if (typeof body === "string") url += "?" + body;
    else {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (r) {
      return r.json().catch(function () { return { error: "HTTP " + r.status }; }).then(function (data) {
        if (!r.ok) { var err = new Error(data.error || "HTTP " + r.status); err.data = data; err.status = r.status; throw err; }
        return data;
      });
    });
  }

  /* The papers a page shows (compact lines, cards, explorer rows, queue entries): elements with
     data-paper-id, except links to papers (search hits, related papers). */
  function papers() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-paper-id]"), function (n) {
      return n.tagName !== "A" && !n.closest(".ps-related, .ps-search");
    });
  }

  /* One paper's elements, from the map the last attach() made (not a search of the page per
     paper: the page applies the states of all its papers at load, and a 5,000-line venue page
     froze for a minute); elements added since are painted by the attach() they schedule. */
  var byId = new Map();
  function paperElements(id) {
    return (byId.get(id) || []).filter(function (n) { return n.isConnected; });
  }

  // -- messages -----------------------------------------------------------------------------

  var bar, live, undoButton;
  function say(text, kind, action) {
    live.replaceChildren(el("span", { text: text }));
    live.className = "pse-message" + (kind ? " pse-message--" + kind : "");
    if (action) live.appendChild(action);
    live.hidden = false;
    clearTimeout(say.timer);
    if (kind !== "error") say.timer = setTimeout(function () { live.hidden = true; }, 6000);
  }

  function showUndo(label) {
    vocab.undo = label;
    undoButton.hidden = !label;
    undoButton.textContent = label ? "Undo " + label : "Undo";
    undoButton.setAttribute("aria-label", label ? "Undo: " + label : "Undo");
  }

  // -- Markdown preview (a small safe subset, built as DOM nodes) ----------------------------

  function inline(text, into) {
    var re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*|_[^_]+_)|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+)/g;
    var last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) into.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1]) into.appendChild(el("code", { text: m[1].slice(1, -1) }));
      else if (m[2]) into.appendChild(el("strong", { text: m[2].slice(2, -2) }));
      else if (m[3]) into.appendChild(el("em", { text: m[3].slice(1, -1) }));
      else if (m[4]) into.appendChild(HTTP.test(m[5]) ? el("a", { href: m[5], rel: "noopener noreferrer", text: m[4] }) : document.createTextNode(m[4]));
      else into.appendChild(el("a", { href: m[6], rel: "noopener noreferrer", text: m[6] }));
      last = re.lastIndex;
    }
    if (last < text.length) into.appendChild(document.createTextNode(text.slice(last)));
    return into;
  }

  function markdown(text) {
    var out = el("div", { class: "pse-md" });
    var list = null;
    text.split(/\n\s*\n/).forEach(function (block) {
      list = null;
      block.split("\n").forEach(function (line) {
        var item = /^\s*[-*+]\s+(.*)$/.exec(line), head = /^(#{1,6})\s+(.*)$/.exec(line);
        if (item) {
          if (!list) { list = el("ul"); out.appendChild(list); }
          list.appendChild(inline(item[1], el("li")));
        } else if (head) {
          list = null;
          out.appendChild(inline(head[2], el("p", { class: "pse-md__h" })));
        } else if (line.trim()) {
          var last = out.lastChild;
          if (list || !last || last.tagName !== "P" || last.className || last.dataset.closed) {
            list = null;
            last = el("p");
            out.appendChild(last);
          } else last.appendChild(document.createTextNode(" "));
          inline(line.trim(), last);
        }
      });
      if (out.lastChild) out.lastChild.dataset.closed = "1";
    });
    return out;
  }

  // -- controls on a paper ------------------------------------------------------------------

  function controls(node) {
    var id = node.getAttribute("data-paper-id");
    var box = el("div", { class: "pse-controls", role: "group", "aria-label": "Edit paper " + id });
    var read = el("button", { type: "button", class: "pse-btn pse-read", "data-act": "read", text: "✓" });
    var reading = el("button", { type: "button", class: "pse-btn pse-reading", "data-act": "reading", text: "◐" });
    var prio = el("select", { class: "pse-select pse-priority", "aria-label": "Set priority" }, [
      el("option", { value: "", text: "☆ none" }), el("option", { value: "top", text: "★ top" }),
      el("option", { value: "second", text: "★ second" })]);
    var tags = el("button", { type: "button", class: "pse-btn pse-tags-btn", "data-act": "tags", "aria-label": "Edit tags", "aria-expanded": "false", text: "#" });
    var note = el("button", { type: "button", class: "pse-btn pse-note-btn", "data-act": "note", "aria-label": "Edit note", "aria-expanded": "false", text: "✎" });
    var remove = el("button", { type: "button", class: "pse-btn pse-remove", "data-act": "remove", "aria-label": "Remove paper", title: "Remove paper (undo brings it back)", text: "✕" });
    var chips = el("span", { class: "pse-chips" });
    var error = el("span", { class: "pse-error", role: "alert", hidden: true });
    box.append(read, reading, prio, tags, note, remove, chips, error);
    box.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-act]");
      if (!b) return;
      var act = b.getAttribute("data-act"), s = states[id];
      if (!s) return;
      if (act === "read") save(id, { action: "mark", status: s.status === "read" ? "unread" : "read" });
      else if (act === "reading") save(id, { action: "mark", status: s.status === "reading" ? "unread" : "reading" });
      else if (act === "tags") togglePanel(node, "tags");
      else if (act === "note") togglePanel(node, "note");
      else if (act === "remove") save(id, { action: "remove" });
    });
    prio.addEventListener("change", function () { save(id, { action: "priority", priority: prio.value || null }); });
    return box;
  }

  function paint(node) {
    var id = node.getAttribute("data-paper-id"), s = states[id];
    var box = node.querySelector(":scope > .pse-controls") || node.querySelector(".pse-controls");
    if (!s || !box) return;
    var read = box.querySelector(".pse-read"), reading = box.querySelector(".pse-reading");
    read.setAttribute("aria-pressed", String(s.status === "read"));
    read.setAttribute("aria-label", s.status === "read" ? "Mark as unread" : "Mark as read");
    read.title = s.status === "read" ? "Read" + (s.read_on ? " on " + s.read_on : "") + " — mark as unread" : "Mark as read";
    reading.setAttribute("aria-pressed", String(s.status === "reading"));
    reading.setAttribute("aria-label", s.status === "reading" ? "Stop reading (mark as unread)" : "Mark as reading");
    reading.title = reading.getAttribute("aria-label");
    box.querySelector(".pse-priority").value = s.priority || "";
    box.querySelector(".pse-note-btn").classList.toggle("pse-has", !!s.notes);
    box.querySelector(".pse-chips").replaceChildren.apply(box.querySelector(".pse-chips"),
      s.tags.map(function (t) { return el("span", { class: "pse-chip", text: t }); }));
    node.classList.toggle("pse-is-read", s.status === "read");
    // the site's own markers (★ ✓ ◐), so the page tells one story
    var marks = node.querySelector(".ps-marks");
    if (!marks && node.classList.contains("ps-line")) {
      marks = el("span", { class: "ps-marks" });
      node.insertBefore(marks, node.firstChild);
    }
    if (marks) {
      var m = [];
      if (s.priority) m.push(mark(s.priority, s.priority === "top" ? "★★" : "★", s.priority + " priority"));
      if (s.status !== "unread") m.push(mark(s.status, s.status === "read" ? "✓" : "◐", s.status));
      marks.replaceChildren.apply(marks, m);
    }
    PRIORITY.forEach(function (p) {
      if (p && node.classList.contains("ps-line")) node.classList.toggle("ps-line--" + p, s.priority === p);
    });
    // the note in the site's details, when they are open: as saved, not as the page was built
    var detail = node.querySelector(".ps-detail");
    if (detail) {
      var fold = Array.prototype.filter.call(detail.querySelectorAll(".ps-fold"), function (f) {
        return f.firstChild && f.firstChild.textContent === "Notes";
      })[0];
      if (!fold && s.notes) {
        fold = el("details", { class: "ps-fold", open: true }, [el("summary", { text: "Notes" }), el("p", { class: "ps-text" })]);
        detail.insertBefore(fold, detail.firstChild);
      }
      if (fold) fold.querySelector(".ps-text").textContent = s.notes || "(no note)";
    }
  }

  function mark(kind, symbol, words) {
    return el("span", { class: "ps-mark ps-" + kind, role: "img", "aria-label": words, title: words, text: symbol });
  }

  function fieldError(node, text) {
    var box = node.querySelector(".pse-controls .pse-error");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  function save(id, body) {
    var s = states[id];
    body.id = id;
    body.base = s.version;
    var nodes = paperElements(id);
    nodes.forEach(function (n) { n.setAttribute("aria-busy", "true"); });
    return api(body).then(function (data) {
      nodes.forEach(function (n) { n.removeAttribute("aria-busy"); fieldError(n, ""); });
      apply(data);
      showUndo(data.undo);
      if (data.removed) say("Removed " + id + ".", "ok", undoAction());
      else if (data.warnings && data.warnings.length) say("Saved " + id + ". " + data.warnings.join(" "), "warn");
      else say("Saved " + id + ".", "ok");
      return data;
    }, function (err) {
      nodes.forEach(function (n) { n.removeAttribute("aria-busy"); });
      if (err.data && err.data.paper) apply({ paper: err.data.paper });
      var text = err.message + (err.data && err.data.hint ? " (" + err.data.hint + ")" : "");
      nodes.forEach(function (n) { fieldError(n, text); });
      say(text, "error");
      throw err;
    });
  }

  function undoAction() {
    return el("button", { type: "button", class: "pse-link", text: "Undo", onclick: undo });
  }

  function undo() {
    return api({ action: "undo" }).then(function (data) {
      (data.papers || []).forEach(function (p) { apply({ paper: p }); });
      (data.removed || []).forEach(function (id) { apply({ removed: id }); });
      showUndo(data.undo);
      say("Undone: " + data.undone + ".", "ok");
    }, function (err) { say(err.message, "error"); });
  }

  /* Apply what the server says changed: {paper: state} | {removed: id} | {added: state}. */
  function apply(event) {
    if (event.paper) {
      var old = states[event.paper.id];
      if (old && old.version === event.paper.version && !event.force) return;
      states[event.paper.id] = event.paper;
      paperElements(event.paper.id).forEach(function (n) {
        n.classList.remove("pse-removed");
        n.hidden = false;
        paint(n);
        refreshPanel(n);
      });
    } else if (event.removed) {
      delete states[event.removed];
      paperElements(event.removed).forEach(function (n) { n.classList.add("pse-removed"); });
    } else if (event.added) {
      states[event.added.id] = event.added;
      paperElements(event.added.id).forEach(function (n) { n.classList.remove("pse-removed"); paint(n); });
      if (document.getElementById("ps-queue")) loadQueue();
    }
  }

  // -- tag and note panels ------------------------------------------------------------------

  function togglePanel(node, kind) {
    var open = node.querySelector(".pse-panel");
    var button = node.querySelector(kind === "tags" ? ".pse-tags-btn" : ".pse-note-btn");
    if (open) {
      var same = open.dataset.kind === kind;
      if (!closePanel(node)) return;
      if (same) return;
    }
    var panel = kind === "tags" ? tagPanel(node) : notePanel(node);
    panel.dataset.kind = kind;
    node.appendChild(panel);
    button.setAttribute("aria-expanded", "true");
    var first = panel.querySelector("textarea, input");
    if (first) first.focus();
  }

  function closePanel(node) {
    var panel = node.querySelector(".pse-panel");
    if (!panel) return true;
    if (panel === (dirtyNote && dirtyNote.panel) && dirtyNote.changed() &&
        !window.confirm("Discard the unsaved note?")) return false;
    if (dirtyNote && dirtyNote.panel === panel) dirtyNote = null;
    panel.remove();
    node.querySelectorAll("[aria-expanded]").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    var b = node.querySelector(panel.dataset.kind === "tags" ? ".pse-tags-btn" : ".pse-note-btn");
    if (b) b.focus();
    if (!dirtyNote && reloadWanted) location.reload();
    return true;
  }

  function refreshPanel(node) {
    var panel = node.querySelector(".pse-panel");
    if (panel && panel.dataset.kind === "tags") { panel.replaceWith(tagPanel(node)); node.lastChild.dataset.kind = "tags"; }
    if (panel && panel.dataset.kind === "note" && panel.refresh) panel.refresh();
  }

  function tagPanel(node) {
    var id = node.getAttribute("data-paper-id"), s = states[id];
    var names = vocab.tags.map(function (t) { return t[0]; });
    s.tags.forEach(function (t) { if (names.indexOf(t) < 0) names.push(t); });
    var error = el("p", { class: "pse-error", role: "alert", hidden: true, id: "pse-tags-error-" + id });
    var boxes = names.map(function (name) {
      var desc = (vocab.tags.filter(function (t) { return t[0] === name; })[0] || [])[1];
      var input = el("input", { type: "checkbox", value: name, checked: s.tags.indexOf(name) >= 0 });
      input.addEventListener("change", function () {
        save(id, input.checked ? { action: "tag", add: [name] } : { action: "tag", remove: [name] })
          .catch(function (err) { input.checked = !input.checked; error.textContent = err.message; error.hidden = false; });
      });
      return el("label", { class: "pse-check", title: desc || null }, [input, " " + name]);
    });
    var other = el("input", { type: "text", class: "pse-input", "aria-label": "Another tag", placeholder: "another tag", list: "pse-tag-list", "aria-describedby": error.id });
    var addButton = el("button", { type: "button", class: "pse-btn pse-btn--text", text: "Add tag" });
    function addOther() {
      var name = other.value.trim();
      if (!name) return;
      save(id, { action: "tag", add: [name] }).then(function () { other.value = ""; },
        function (err) { error.textContent = err.message + (err.data && err.data.hint ? " — " + err.data.hint : ""); error.hidden = false; other.focus(); });
    }
    addButton.addEventListener("click", addOther);
    other.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); addOther(); } });
    var panel = el("div", { class: "pse-panel", role: "group", "aria-label": "Tags of " + id }, [
      el("div", { class: "pse-checks" }, boxes), el("div", { class: "pse-row" }, [other, addButton]), error,
      el("button", { type: "button", class: "pse-btn pse-btn--text", text: "Close", onclick: function () { closePanel(node); } })]);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); closePanel(node); } });
    return panel;
  }

  function notePanel(node) {
    var id = node.getAttribute("data-paper-id");
    var base = states[id].notes;
    var area = el("textarea", { class: "pse-textarea", rows: 6, "aria-label": "Note on " + id + " (Markdown)", "aria-describedby": "pse-note-error-" + id });
    area.value = base;
    var preview = el("div", { class: "pse-preview", "aria-label": "Preview", role: "region" });
    var error = el("p", { class: "pse-error", role: "alert", hidden: true, id: "pse-note-error-" + id });
    var fresh = el("div", { class: "pse-fresh", hidden: true });
    var saveButton = el("button", { type: "button", class: "pse-btn pse-btn--primary", text: "Save note" });
    var cancel = el("button", { type: "button", class: "pse-btn pse-btn--text", text: "Cancel" });
    function render() { preview.replaceChildren(area.value.trim() ? markdown(area.value) : el("p", { class: "pse-muted", text: "Nothing to preview." })); }
    area.addEventListener("input", render);
    render();
    var panel = el("div", { class: "pse-panel pse-note", role: "group", "aria-label": "Note on " + id }, [
      el("div", { class: "pse-note__cols" }, [area, preview]), fresh, error,
      el("div", { class: "pse-row" }, [saveButton, cancel, el("span", { class: "pse-muted", text: "Markdown: **bold**, *italic*, `code`, [link](https://…), - lists. Ctrl+Enter saves." })])]);
    dirtyNote = { panel: panel, changed: function () { return area.value !== base; } };
    function submit() {
      saveButton.disabled = true;
      save(id, { action: "note", text: area.value }).then(function () {
        base = area.value;
        closePanel(node);
      }, function (err) {
        saveButton.disabled = false;
        error.textContent = err.message;
        error.hidden = false;
        area.focus();
      });
    }
    saveButton.addEventListener("click", submit);
    cancel.addEventListener("click", function () { closePanel(node); });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
      if (e.key === "Escape") { e.stopPropagation(); closePanel(node); }
    });
    panel.refresh = function () {
      // the paper changed meanwhile: keep what the reader typed, show what the file holds now
      var now = states[id].notes;
      if (now === area.value) { fresh.hidden = true; return; }
      fresh.hidden = false;
      fresh.replaceChildren(el("p", { class: "pse-muted", text: "The note in the file now (saving replaces it with yours):" }),
        now ? markdown(now) : el("p", { class: "pse-muted", text: "(no note)" }));
    };
    return panel;
  }

  // -- attaching to the papers a page shows --------------------------------------------------

  var pending = {};
  var scheduled = false;
  function attach() {
    byId = new Map();
    papers().forEach(function (node) {
      var id = node.getAttribute("data-paper-id");
      if (!byId.has(id)) byId.set(id, []);
      byId.get(id).push(node);
      if (node.querySelector(":scope > .pse-controls")) return;
      node.appendChild(controls(node));
      if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
      if (states[id]) paint(node);
      else pending[id] = true;
    });
    var ids = Object.keys(pending);
    pending = {};
    fetchStates(ids);
  }

  /* Ask the server for the current state of these papers, 200 at a time, and show it. */
  function fetchStates(ids) {
    for (var i = 0; i < ids.length; i += 200) {
      api("ids=" + ids.slice(i, i + 200).map(encodeURIComponent).join(",")).then(function (data) {
        Object.keys(data.papers).forEach(function (id) { apply({ paper: data.papers[id] }); });
      }, function (err) { say("Editing is unavailable: " + err.message, "error"); });
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; attach(); });
  }

  // -- the add box --------------------------------------------------------------------------

  function addDialog() {
    var dialog = el("dialog", { class: "pse-dialog", "aria-labelledby": "pse-add-title" });
    var ident = el("input", { type: "text", class: "pse-input pse-input--wide", id: "pse-identifier", name: "identifier", autocomplete: "off",
      placeholder: "arXiv id, DOI, OpenReview id, paper URL or title", "aria-describedby": "pse-error-identifier" });
    var offline = el("input", { type: "checkbox", id: "pse-offline" });
    var look = el("button", { type: "submit", class: "pse-btn pse-btn--primary", text: "Look up" });
    var result = el("div", { class: "pse-proposal" });
    var form = el("form", { class: "pse-add-form" }, [
      el("label", { for: "pse-identifier", text: "Paper to add" }),
      el("div", { class: "pse-row" }, [ident, look]),
      el("p", { class: "pse-error", role: "alert", id: "pse-error-identifier", hidden: true }),
      el("label", { class: "pse-check" }, [offline, " Offline: use cached metadata only"])]);
    dialog.append(el("h2", { id: "pse-add-title", text: "Add paper" }), form, result,
      el("button", { type: "button", class: "pse-btn pse-btn--text pse-close", text: "Close", onclick: function () { dialog.close(); } }));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      showError(form, "identifier", "");
      if (!ident.value.trim()) return showError(form, "identifier", "Paste an identifier or a title first.");
      look.disabled = true;
      look.textContent = "Looking up…";
      result.replaceChildren();
      api({ action: "lookup", identifier: ident.value, offline: offline.checked }).then(function (data) {
        result.replaceChildren(proposalForm(data, dialog));
      }, function (err) {
        showError(form, "identifier", err.message + (err.data && err.data.hint ? " — " + err.data.hint : ""));
      }).then(function () { look.disabled = false; look.textContent = "Look up"; });
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function showError(form, field, text) {
    var box = form.querySelector("#pse-error-" + field);
    if (!box) box = form.querySelector("#pse-error-form");
    box.textContent = text;
    box.hidden = !text;
    var input = form.querySelector('[name="' + field + '"]');
    if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
    if (text && input) input.focus();
  }

  function proposalForm(data, dialog) {
    var p = data.proposal;
    function field(name, label, value, attrs) {
      var input = el("input", Object.assign({ type: "text", class: "pse-input pse-input--wide", name: name, id: "pse-f-" + name,
        "aria-describedby": "pse-error-" + name }, attrs || {}));
      input.value = value === null || value === undefined ? "" : value;
      return el("div", { class: "pse-field" }, [el("label", { for: "pse-f-" + name, text: label }), input,
        el("p", { class: "pse-error", role: "alert", id: "pse-error-" + name, hidden: true })]);
    }
    function choices(name, label, options, chosen, multiple) {
      var select = el("select", { class: "pse-select", name: name, id: "pse-f-" + name, multiple: multiple, "aria-describedby": "pse-error-" + name },
        (multiple ? [] : [el("option", { value: "", text: "—" })]).concat(options.map(function (o) {
          return el("option", { value: o[0], text: o[1] && o[1] !== o[0] ? o[1] + " (" + o[0] + ")" : o[0], selected: chosen.indexOf(o[0]) >= 0 });
        })));
      return el("div", { class: "pse-field" }, [el("label", { for: "pse-f-" + name, text: label }), select,
        el("p", { class: "pse-error", role: "alert", id: "pse-error-" + name, hidden: true })]);
    }
    var links = p.links || {};
    var form = el("form", { class: "pse-add-form", "aria-label": "New paper" }, [
      data.warnings.length ? el("ul", { class: "pse-warnings", role: "status" }, data.warnings.map(function (w) { return el("li", { text: w }); })) : null,
      el("p", { class: "pse-muted", text: "Looked up from " + (data.sources.join(", ") || "the cache") + (data.offline ? " (offline: cache only)" : "") + ". Correct anything before adding." }),
      field("title", "Title", p.title),
      field("authors", "Authors (comma-separated)", (p.authors || []).join(", ")),
      el("div", { class: "pse-row" }, [field("year", "Year", p.year, { inputmode: "numeric", class: "pse-input" }), field("venue", "Venue", p.venue, { class: "pse-input" })]),
      field("link", "Paper link", links.paper || ""),
      choices("topics", "Topics", vocab.topics, p.topics || [], true),
      choices("sections", "Sections", vocab.sections, p.sections || [], true),
      choices("tags", "Tags", vocab.tags, p.tags || [], true),
      choices("priority", "Priority", [["top", "★ top"], ["second", "★ second"]], [p.priority || ""], false),
      p.abstract ? el("details", { class: "pse-abstract" }, [el("summary", { text: "Abstract" }), el("p", { text: p.abstract })]) : null,
      el("p", { class: "pse-error", role: "alert", id: "pse-error-form", hidden: true }),
      el("button", { type: "submit", class: "pse-btn pse-btn--primary", text: "Add to the shelf" })]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      form.querySelectorAll(".pse-error").forEach(function (n) { n.hidden = true; });
      function values(name) { return Array.prototype.map.call(form.elements[name].selectedOptions, function (o) { return o.value; }).filter(Boolean); }
      var year = form.elements.year.value.trim();
      var body = {
        action: "add", lookup: data.lookup, title: form.elements.title.value.trim(),
        authors: form.elements.authors.value.split(",").map(function (a) { return a.trim(); }).filter(Boolean),
        year: year === "" ? null : (/^\d+$/.test(year) ? Number(year) : year), venue: form.elements.venue.value.trim() || null,
        topics: values("topics"), sections: values("sections"), tags: values("tags"), priority: form.elements.priority.value || null,
        links: Object.assign({}, links, { paper: form.elements.link.value.trim() || null })
      };
      api(body).then(function (res) {
        states[res.added.id] = res.added;
        showUndo(res.undo);
        dialog.close();
        var warned = res.warnings && res.warnings.length;
        say("Added " + res.added.id + " to " + res.file + "." + (warned ? " " + res.warnings.join(" ") : ""), warned ? "warn" : "ok", undoAction());
        apply({ added: res.added });
      }, function (err) {
        var f = err.data && err.data.field;
        if (f === "links") f = "link";
        showError(form, f && form.querySelector("#pse-error-" + f) ? f : "form", err.message + (err.data && err.data.hint ? " — " + err.data.hint : ""));
      });
    });
    return form;
  }

  // -- the Queue page -----------------------------------------------------------------------

  function loadQueue() {
    var root = document.getElementById("ps-queue");
    return api("what=queue").then(function (data) {
      var items = data.papers.map(function (p) {
        states[p.id] = p;
        var link = p.links && HTTP.test(p.links.paper || "") ? p.links.paper : null;
        var meta = [(p.authors || []).slice(0, 3).join(", ") + ((p.authors || []).length > 3 ? " et al." : ""), p.venue, p.year]
          .filter(Boolean).join(" · ");
        return el("article", { class: "ps-paper pse-queue-item", "data-paper-id": p.id, id: p.id }, [
          el("h4", { class: "ps-paper__title" }, [el("span", { class: "ps-marks" }),
            link ? el("a", { href: link, rel: "noopener noreferrer", text: p.title }) : el("span", { text: p.title })]),
          el("div", { class: "ps-paper__meta" }, [el("span", { text: meta }), " ",
            el("a", { class: "pse-muted", href: "/explorer/?q=" + encodeURIComponent(p.id), text: "in the explorer" })])]);
      });
      var head = el("p", { class: "ps-count-line", text: data.total + " unread paper" + (data.total === 1 ? "" : "s") +
        (data.total > data.papers.length ? " (showing the first " + data.papers.length + ")" : "") });
      root.replaceChildren.apply(root, [head].concat(items.length ? items : [el("p", { text: "Nothing left to read." })]));
      root.dataset.ready = "1";
      attach();
    }, function (err) { root.replaceChildren(el("p", { class: "pse-error", text: "Could not load the queue: " + err.message })); });
  }

  // -- keyboard ------------------------------------------------------------------------------

  var KEYS = [["j", "next paper"], ["k", "previous paper"], ["r", "cycle reading status (unread → reading → read)"],
    ["s", "cycle priority (none → top → second)"], ["n", "open the note"], ["t", "edit tags"], ["u", "undo the last change"],
    ["a", "add a paper"], ["/", "search"], ["?", "show these keys"], ["Esc", "close a panel or dialog"]];

  function keysDialog() {
    var dialog = el("dialog", { class: "pse-dialog", "aria-labelledby": "pse-keys-title" }, [
      el("h2", { id: "pse-keys-title", text: "Keyboard" }),
      el("dl", { class: "pse-keys" }, KEYS.reduce(function (out, k) { return out.concat([el("dt", {}, [el("kbd", { text: k[0] })]), el("dd", { text: k[1] })]); }, [])),
      el("button", { type: "button", class: "pse-btn pse-btn--text", text: "Close", onclick: function () { dialog.close(); } })]);
    document.body.appendChild(dialog);
    return dialog;
  }

  function move(step) {
    var all = papers().filter(function (n) {
      return !n.hidden && n.offsetParent !== null && !n.classList.contains("pse-removed");
    });
    if (!all.length) return;
    var i = all.indexOf(current);
    if (i < 0) {  // nothing chosen yet: start at the first paper on screen
      i = Math.max(0, all.findIndex(function (n) { return n.getBoundingClientRect().bottom > 0; }));
      step = 0;
    }
    focusPaper(all[Math.min(all.length - 1, Math.max(0, i + step))]);
  }

  function focusPaper(node) {
    if (current) current.classList.remove("pse-current");
    current = node;
    node.classList.add("pse-current");
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: "nearest" });
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, dialog[open], [contenteditable]")) return;
    var paper = t.closest ? t.closest("[data-paper-id]:not(a)") : null;
    if (paper && paper !== current) { if (current) current.classList.remove("pse-current"); current = paper; paper.classList.add("pse-current"); }
    var s = current && states[current.getAttribute("data-paper-id")];
    var id = current && current.getAttribute("data-paper-id");
    var k = e.key;
    if (k === "j" || k === "k") move(k === "j" ? 1 : -1);
    else if (k === "r" && s) save(id, { action: "mark", status: STATUS[(STATUS.indexOf(s.status) + 1) % 3] }).catch(function () {});
    else if (k === "s" && s) save(id, { action: "priority", priority: PRIORITY[(PRIORITY.indexOf(s.priority || "") + 1) % 3] || null }).catch(function () {});
    else if (k === "n" && s) togglePanel(current, "note");
    else if (k === "t" && s) togglePanel(current, "tags");
    else if (k === "u" && vocab.undo) undo();
    else if (k === "a") openAdd();
    else if (k === "?") keys.showModal();
    else return;
    e.preventDefault();
  }

  var adder = null, keys = null;
  function openAdd() {
    adder = adder || addDialog();
    adder.showModal();
    adder.querySelector("#pse-identifier").focus();
  }

  // -- start ----------------------------------------------------------------------------------

  function toolbar() {
    live = el("div", { class: "pse-message", role: "status", "aria-live": "polite", hidden: true });
    undoButton = el("button", { type: "button", class: "pse-btn pse-btn--text", hidden: true, onclick: undo, text: "Undo" });
    bar = el("div", { class: "pse-bar", role: "region", "aria-label": "Shelf editor" }, [
      el("button", { type: "button", class: "pse-btn pse-btn--primary", text: "Add paper", onclick: openAdd }),
      el("a", { class: "pse-btn pse-btn--text", href: "/queue/", text: "Queue" }),
      undoButton,
      el("button", { type: "button", class: "pse-btn pse-btn--text", "aria-label": "Keyboard shortcuts", text: "?", onclick: function () { keys.showModal(); } }),
      live]);
    document.body.appendChild(bar);
    document.body.appendChild(el("datalist", { id: "pse-tag-list" }));
  }

  function unlock() {
    // a non-loopback server: the reader types the token the server printed
    var error = el("span", { class: "pse-error", role: "alert", id: "pse-token-error" });
    var input = el("input", { type: "password", class: "pse-input", "aria-label": "Editing token", autocomplete: "off",
      "aria-describedby": "pse-token-error" });
    var form = el("form", { class: "pse-bar", "aria-label": "Unlock editing" }, [input,
      el("button", { type: "submit", class: "pse-btn pse-btn--primary", text: "Unlock editing" }), error]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      token = input.value.trim();
      api("what=vocabulary").then(function () {
        sessionStorage.setItem("papershelf-token", token);
        form.remove();
        start();
      }, function (err) { error.textContent = err.message; input.focus(); });
    });
    document.body.appendChild(form);
  }

  function start() {
    toolbar();
    keys = keysDialog();
    api("what=vocabulary").then(function (v) {
      vocab = v;
      showUndo(v.undo);
      document.getElementById("pse-tag-list").replaceChildren.apply(document.getElementById("pse-tag-list"),
        v.tags.map(function (t) { return el("option", { value: t[0] }); }));
    }, function (err) { say("Editing is unavailable: " + err.message, "error"); });
    attach();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("papershelf:rendered", function (e) {
      schedule();
      var root = e.detail && e.detail.root;  // a paper's details opened: show its saved note
      if (root && root.matches && root.matches("[data-paper-id]") && states[root.getAttribute("data-paper-id")]) paint(root);
    });
    document.addEventListener("keydown", onKey);
    if (window.papershelfEvents) {
      listen(window.papershelfEvents);
      document.addEventListener("visibilitychange", onVisibility);
    }
    document.addEventListener("papershelf:updated", function (e) {
      // papers edited elsewhere, their lines swapped in place: show their current state
      e.detail.ids.forEach(function (id) { delete states[id]; });
      fetchStates(e.detail.ids);
    });
    window.addEventListener("papershelf:reload", function (e) {
      // never drop a note being written: reload once it is saved or cancelled
      if (dirtyNote && dirtyNote.changed()) {
        e.preventDefault();
        reloadWanted = true;
        say("The shelf changed on disk. The page reloads after you save or cancel your note.", "warn");
      }
    });
    if (document.getElementById("ps-queue")) loadQueue();
    document.documentElement.classList.add("pse-editing");
  }

  // -- the live channel ----------------------------------------------------------------------

  /* A browser opens at most 6 connections to one server, and every open page holds one for the
     live-reload channel: a hidden tab gives its connection back and, when shown again, reloads
     if the site was rebuilt meanwhile (or only catches up on the papers it shows). */
  var lastBuild = null;

  function listen(source) {
    source.addEventListener("paper", function (e) { apply(JSON.parse(e.data)); });
    source.addEventListener("message", function (e) { lastBuild = e.data.split(" ")[0]; });
  }

  function onVisibility() {
    if (document.hidden) { window.papershelfEvents.close(); return; }
    var source = new EventSource("/__papershelf__/events"), seen = lastBuild;
    source.onmessage = function (e) {
      var build = e.data.split(" ")[0], quiet = / quiet$/.test(e.data);
      if (seen !== null && build !== seen && !quiet &&
          window.dispatchEvent(new CustomEvent("papershelf:reload", { cancelable: true }))) location.reload();
      seen = build;
    };
    listen(source);
    window.papershelfEvents = source;
    fetchStates(Object.keys(states));
  }

  function main() {
    if (token) start();
    else unlock();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
