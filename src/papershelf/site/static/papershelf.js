/* papershelf.js: enhances the paper lists of a papershelf site, runs the explorer and the search.
 *
 * Every list is already in the page as HTML (one line per paper, written at build time): the
 * script adds details on demand (abstract, notes, BibTeX, related papers), the compact/cards
 * toggle and regrouping; without it the lists read and print as they are. Paper data lives in
 * gzip-compressed JSON shards (data/meta.json names them). Every value from the shelf is put
 * into the page with textContent or setAttribute, never as HTML, and only http(s) URLs become
 * links. Nothing is loaded from another host.
 *
 * For other scripts (the `serve` editor): every paper element carries data-paper-id, and a
 * "papershelf:rendered" event (bubbling, detail.root = the element) follows every (re)render.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var ROOT = new URL("../../", SCRIPT ? SCRIPT.src : location.href).href;
  var HTTP = /^https?:\/\//i;
  var PRIORITY = ["", "top", "second"];
  var PRIORITY_MARK = { top: "★★", second: "★" };
  var STATUS = ["unread", "reading", "read"];
  var DAY = 86400000;
  var VIEW_KEY = "papershelf:view";

  // -- small DOM helpers ------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
        var value = attrs[key];
        if (value === null || value === undefined || value === false) continue;
        if (key === "text") node.textContent = value;
        else if (key === "class") node.className = value;
        else if (key === "href") { if (safeHref(value)) node.setAttribute("href", value); }
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function safeHref(url) {
    // relative links the script builds itself, or absolute http(s) URLs; never javascript:
    return typeof url === "string" && (HTTP.test(url) || /^(#|\.\.?\/|[a-z0-9_-]+\/|\?)/i.test(url) || url === ROOT ||
      url.indexOf(ROOT) === 0);
  }

  function fmt(n) { return n.toLocaleString("en-US"); }
  function isoDay(days) { return days ? new Date(days * DAY).toISOString().slice(0, 10) : ""; }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* The id in the URL's hash, or "" (a malformed escape or odd characters never throw). */
  function hashId() {
    var raw = location.hash.slice(1);
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  function rendered(root) {
    root.dispatchEvent(new CustomEvent("papershelf:rendered", { bubbles: true, detail: { root: root } }));
  }

  // -- data ---------------------------------------------------------------------------------

  var memo = {};
  function once(key, make) { return memo[key] || (memo[key] = make()); }

  function index(list) {
    var out = Object.create(null);
    list.forEach(function (v, i) { out[v[0]] = i; });
    return out;
  }

  function fetchMeta(into) {
    return fetch(ROOT + "data/meta.json", { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error("data/meta.json: HTTP " + r.status);
      return r.json();
    }).then(function (meta) {
      meta = Object.assign(into || {}, meta);
      meta.venueIndex = index(meta.venues);
      meta.topicIndex = index(meta.topics);
      meta.sectionIndex = index(meta.sections);
      return meta;
    });
  }

  function getMeta() { return once("meta", function () { return fetchMeta(null); }); }

  /* Edits shown in place (serve): the data files were written again under new names; the
     shards are fetched again when next needed. */
  function refreshData(meta) {
    Object.keys(memo).forEach(function (k) { if (k !== "meta") delete memo[k]; });
    meta.pending = fetchMeta(meta);
    return meta.pending;
  }

  function getJson(path) {
    return fetch(ROOT + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var bytes = new Uint8Array(buf);
      // servers that add Content-Encoding: gzip themselves hand over plain JSON
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      }
      return new TextDecoder().decode(bytes);
    }).then(JSON.parse);
  }

  var rowsByShard = {};
  var rowById = Object.create(null);
  function getRows(meta, i) {
    return once("idx" + i, function () {
      return getJson(meta.shards[i].idx).then(function (c) {
        var rows = new Array(c.id.length);
        for (var k = 0; k < c.id.length; k++) {
          var venue = c.v[k] >= 0 ? meta.venues[c.v[k]][0] : "";
          var ids = (c.x && c.x[k]) || "";
          rows[k] = {
            shard: i, k: k, id: c.id[k], t: c.t[k], a: c.a[k], v: c.v[k], venue: venue, y: c.y[k],
            tp: c.tp[k], s: c.s[k], g: c.g[k], p: c.p[k], st: c.st[k], ad: c.ad[k], lk: c.lk[k], mk: c.mk[k],
            pu: c.pu ? c.pu[k] : "", cu: c.cu ? c.cu[k] : "", x: ids,
            hay: (c.t[k] + " | " + c.a[k] + " | " + venue + " " + (c.y[k] || "") + " | " + c.id[k] + " " + ids).toLowerCase()
          };
          rowById[c.id[k]] = rows[k];
        }
        rowsByShard[i] = rows;
        return rows;
      });
    });
  }

  /* After edits shown in place: the index shards holding the papers ``ids``, read again once the
     new meta.json is in (see refreshData); their rows replace the old ones in rowById. */
  function reloadRows(meta, ids) {
    var shards = {};
    ids.forEach(function (id) { if (rowById[id]) shards[rowById[id].shard] = true; });
    return Promise.resolve(meta.pending).then(function () {
      return Promise.all(Object.keys(shards).map(function (i) { return getRows(meta, Number(i)); }));
    });
  }

  function getDetails(meta, i) {
    return once("det" + i, function () { return getJson(meta.shards[i].det); });
  }

  function shardsFor(meta, venue, year) {
    var out = [];
    meta.shards.forEach(function (s, i) {
      if (venue === undefined || s.groups.some(function (g) {
        return g[0] === venue && (year === undefined || g[1] === year);
      })) out.push(i);
    });
    return out;
  }

  function allShards(meta) { return meta.shards.map(function (_, i) { return i; }); }

  /* Load shards (at most 4 at a time), calling onRows as each arrives; resolves when all are in. */
  function loadShards(meta, list, onRows) {
    var queue = list.slice();
    var running = 0;
    return new Promise(function (resolve, reject) {
      function next() {
        if (!queue.length && !running) return resolve();
        while (running < 4 && queue.length) {
          var i = queue.shift();
          running++;
          getRows(meta, i).then(function (rows) {
            running--;
            if (onRows) onRows(rows);
            next();
          }, reject);
        }
      }
      next();
    });
  }

  function pageUrl(meta, row) {
    return ROOT + "venues/" + meta.venues[row.v][1] + "/#" + encodeURIComponent(row.id);
  }

  function sectionMatcher(meta, path) {
    var ok = {};
    meta.sections.forEach(function (s, i) {
      if (s[0] === path || s[0].indexOf(path + "/") === 0) ok[i] = true;
    });
    return function (row) { return row.s.some(function (x) { return ok[x]; }); };
  }

  // -- marks, chips and the details of a paper ---------------------------------------------

  function mark(kind, symbol, words) {
    return el("span", { class: "ps-mark ps-" + kind, role: "img", "aria-label": words, title: words, text: symbol });
  }

  /* Priority as two shapes (★★ top, ★ second) with words for screen readers; read state. */
  function marks(row) {
    var out = el("span", { class: "ps-marks" });
    if (row.p) out.appendChild(mark(PRIORITY[row.p], PRIORITY_MARK[PRIORITY[row.p]], PRIORITY[row.p] + " priority"));
    if (row.st === 2) out.appendChild(mark("read", "✓", "read"));
    if (row.st === 1) out.appendChild(mark("reading", "◐", "reading"));
    return out;
  }

  function chip(kind, url) {
    return el("a", { class: "ps-chip ps-chip--" + kind, href: url, rel: "noopener", text: kind });
  }

  function copyText(text, button) {
    function done() {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }

  function fallbackCopy(text) {
    var area = el("textarea", { class: "ps-offscreen" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    area.remove();
  }

  function fold(summary, body, open) {
    return el("details", { class: "ps-fold", open: !!open }, [el("summary", { text: summary })].concat(body));
  }

  /* What a line does not show: abstract, notes, related papers, BibTeX. */
  function detail(meta, row, det, cards) {
    var k = row.k;
    var parts = [];
    if (det.ab[k]) parts.push(fold("Abstract", [el("p", { class: "ps-text", text: det.ab[k] })], !cards));
    if (det.no[k]) parts.push(fold("Notes", [el("p", { class: "ps-text", text: det.no[k] })], !cards));
    var related = (det.rel && det.rel[k]) || [];
    if (related.length) {
      var list = el("ul", { class: "ps-related" });
      related.forEach(function (id) {
        var r = rowById[id];
        list.appendChild(el("li", { "data-paper-id": id }, [r ? el("a", { href: pageUrl(meta, r), text: r.t }) : id,
          " ", r && r.venue ? el("span", { class: "ps-vy", text: r.venue + (r.y ? " " + r.y : "") }) : null]));
      });
      parts.push(fold("Related papers", [list], !cards));
    }
    if (det.bib[k]) {
      var button = el("button", { class: "ps-copy", type: "button", text: "Copy" });
      button.addEventListener("click", function () { copyText(det.bib[k], button); });
      parts.push(el("details", { class: "ps-fold ps-bib" }, [
        el("summary", { text: "BibTeX" }), button, el("pre", {}, [el("code", { text: det.bib[k] })])]));
    }
    if (!parts.length) parts.push(el("p", { class: "ps-text ps-none", text: "No abstract or notes yet." }));
    return el("div", { class: "ps-detail" }, parts);
  }

  // -- the lists on venue, topic, taxonomy and home pages ----------------------------------

  function currentView() {
    try { return localStorage.getItem(VIEW_KEY) === "cards" ? "cards" : "compact"; } catch (e) { return "compact"; }
  }

  function setView(view) {
    try { localStorage.setItem(VIEW_KEY, view); } catch (e) { /* private mode: this page only */ }
    document.documentElement.classList.toggle("ps-cards-view", view === "cards");
    document.querySelectorAll(".ps-view button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }

  function viewToggle() {
    var bar = el("div", { class: "ps-view", role: "group", "aria-label": "Show papers as" }, [
      el("span", { text: "Show as " }),
      el("button", { type: "button", class: "ps-toggle", "data-view": "compact", text: "compact list" }),
      el("button", { type: "button", class: "ps-toggle", "data-view": "cards", text: "cards" })
    ]);
    bar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (b) { setView(b.dataset.view); document.dispatchEvent(new CustomEvent("papershelf:view")); }
    });
    return bar;
  }

  /* Finds a paper's row and details: the shards of its venue first, then every shard. */
  function lookup(meta, id, venueHint) {
    var first = venueHint !== undefined ? shardsFor(meta, venueHint) : [];
    function found() {
      var r = rowById[id];
      return r ? getDetails(meta, r.shard).then(function (det) { return [r, det]; }) : null;
    }
    return loadShards(meta, first, null).then(function () {
      return found() || loadShards(meta, allShards(meta), null).then(function () { return found(); });
    });
  }

  function openDetail(meta, line, cards) {
    if (line.querySelector(".ps-detail") || line.dataset.loading) return Promise.resolve();
    line.dataset.loading = "1";
    var venue = line.closest("[data-venue]");
    function find() {
      return lookup(meta, line.dataset.paperId, venue ? meta.venueIndex[venue.dataset.venue] : undefined);
    }
    /* After an edit shown in place the data files have new names: wait for the index being read
       again, and if a shard is gone all the same (a click during the rebuild), read it again once. */
    return Promise.resolve(meta.pending).then(find).catch(function () {
      return refreshData(meta).then(find);
    }).then(function (pair) {
      delete line.dataset.loading;
      if (!pair || line.querySelector(".ps-detail")) return;
      var related = (pair[1].rel && pair[1].rel[pair[0].k]) || [];
      var ready = related.some(function (id) { return !rowById[id]; }) ?
        loadShards(meta, allShards(meta), null) : Promise.resolve();
      return ready.then(function () {
        line.appendChild(detail(meta, pair[0], pair[1], cards));
        line.classList.add("ps-line--open");
        var button = line.querySelector(".ps-more");
        if (button) button.setAttribute("aria-expanded", "true");
        rendered(line);
      });
    }, function () { delete line.dataset.loading; });
  }

  function closeDetail(line) {
    var d = line.querySelector(".ps-detail");
    if (d) d.remove();
    line.classList.remove("ps-line--open");
    var button = line.querySelector(".ps-more");
    if (button) button.setAttribute("aria-expanded", "false");
    rendered(line);
  }

  /* A "details" button on every line, added in slices so that a page of thousands of papers
     answers the reader at once; calls done() when all are in. */
  function addButtons(root, done) {
    var lines = root.querySelectorAll("li.ps-line");
    var at = 0;
    (function slice() {
      var end = Math.min(lines.length, at + 800);
      for (; at < end; at++) {
        var line = lines[at];
        if (line.querySelector(".ps-more")) continue;
        var title = line.querySelector(".ps-t");
        line.appendChild(el("button", {
          type: "button", class: "ps-more", "aria-expanded": "false",
          "aria-label": "Details: " + (title ? title.textContent : line.dataset.paperId), text: "details"
        }));
      }
      if (at < lines.length) setTimeout(slice, 0); else done();
    })();
  }

  /* In the cards view, details of the lines that scroll into view are filled in. */
  var cardObserver = null;
  function observeCards(meta) {
    if (cardObserver) cardObserver.disconnect();
    if (currentView() !== "cards" || !("IntersectionObserver" in window)) return;
    cardObserver = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { cardObserver.unobserve(e.target); openDetail(meta, e.target, true); }
      });
    }, { rootMargin: "600px" });
    document.querySelectorAll(".ps-list li.ps-line").forEach(function (l) { cardObserver.observe(l); });
  }

  function landOn(meta) {
    document.querySelectorAll(".ps-landed").forEach(function (n) { n.classList.remove("ps-landed"); });
    var id = hashId();
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.classList.contains("ps-line")) return;
    target.classList.add("ps-landed");
    openDetail(meta, target, false);
    // the view toggle and opened details move the line after the browser scrolled to the anchor
    target.scrollIntoView({ block: "center" });
  }

  function initLists(meta) {
    var lists = Array.prototype.slice.call(document.querySelectorAll(".ps-list"));
    if (!lists.length) return;
    var legend = document.querySelector(".md-content .ps-legend");
    if (legend && legend.compareDocumentPosition(lists[0]) & Node.DOCUMENT_POSITION_FOLLOWING) {
      legend.parentNode.insertBefore(viewToggle(), legend.nextSibling);
    } else lists[0].parentNode.insertBefore(viewToggle(), lists[0]);
    setView(currentView());
    lists.forEach(function (list) { initList(meta, list); });
    document.addEventListener("papershelf:view", function () { observeCards(meta); });
    document.addEventListener("papershelf:updated", function () {
      refreshData(meta).then(function () {
        document.querySelectorAll(".ps-list").forEach(function (list) { initList(meta, list); });
        observeCards(meta);
      });
    });
    window.addEventListener("hashchange", function () { landOn(meta); });
    observeCards(meta);
    landOn(meta);
  }

  /* A list's details buttons and their clicks (again, for the lines of a list swapped in place). */
  function initList(meta, list) {
    if (!list.dataset.bound) {
      list.dataset.bound = "1";
      if (list.dataset.canGroupSection) sectionToggle(meta, list);
      list.addEventListener("click", function (e) {
        var button = e.target.closest(".ps-more");
        if (button) {
          var line = button.closest("li.ps-line");
          if (line.classList.contains("ps-line--open")) closeDetail(line); else openDetail(meta, line, false);
        }
      });
    }
    addButtons(list, function () {
      list.dataset.ready = "1";
      rendered(list);
    });
  }

  /* Topic pages: the lines regrouped by the list's sections (copies of the lines; the
     venue-and-year grouping written at build time comes back unchanged). */
  function sectionToggle(meta, list) {
    var original = null;
    var toolbar = el("div", { class: "ps-toolbar", role: "group", "aria-label": "Group papers" }, [
      el("span", { text: "Group by " }),
      el("button", { type: "button", class: "ps-toggle", "aria-pressed": "true", "data-group": "venue-year", text: "venue & year" }),
      el("button", { type: "button", class: "ps-toggle", "aria-pressed": "false", "data-group": "section", text: "section" })
    ]);
    list.parentNode.insertBefore(toolbar, list);
    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b || b.getAttribute("aria-pressed") === "true") return;
      toolbar.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
      list.dataset.group = b.dataset.group;
      if (b.dataset.group === "venue-year") {
        list.replaceChildren.apply(list, original);
        rendered(list);
        return;
      }
      original = Array.prototype.slice.call(list.childNodes);
      loadShards(meta, allShards(meta), null).then(function () {
        var lines = {};
        list.querySelectorAll("li.ps-line").forEach(function (l) { lines[l.dataset.paperId] = l; });
        var bySection = {};
        Object.keys(lines).forEach(function (id) {
          var r = rowById[id];
          ((r && r.s.length) ? r.s : [-1]).forEach(function (s) { (bySection[s] = bySection[s] || []).push(id); });
        });
        var out = [];
        meta.sections.map(function (s, i) { return [s, i]; }).concat([[["none", "Not filed in a section"], -1]])
          .forEach(function (pair) {
            var ids = bySection[pair[1]];
            if (!ids) return;
            var ol = el("ol", { class: "ps-lines" }, ids.map(function (id) {
              var copy = lines[id].cloneNode(true), r = rowById[id];
              copy.removeAttribute("id");
              if (r && !copy.querySelector(".ps-vy")) {  // under a section heading: say where it appeared
                var title = copy.querySelector(".ps-au") || copy.querySelector(".ps-t");
                title.after(" ", el("span", { class: "ps-vy", text: r.venue + (r.y ? " " + r.y : "") }));
              }
              var d = copy.querySelector(".ps-detail");
              if (d) d.remove();
              return copy;
            }));
            out.push(el("section", { class: "ps-group", id: "section-" + pair[0][0].replace(/\//g, "-") }, [
              el("h3", { class: "ps-group__title" }, [pair[0][1] + " ", el("span", { class: "ps-count", text: String(ids.length) })]),
              ol]));
          });
        list.replaceChildren.apply(list, out);
        rendered(list);
      }).catch(function (err) { errorBox(list, err); });
    });
  }

  function errorBox(container, err) {
    container.replaceChildren(el("p", { class: "ps-error", text: "Could not load the papers: " + err.message }));
  }
  // -- the explorer -------------------------------------------------------------------------

  var FILTERS = ["q", "venue", "from", "to", "topic", "section", "tag", "priority", "status"];
  var COLUMNS = [
    { key: "marks", label: "", sort: "priority" },
    { key: "title", label: "Title", sort: "title" },
    { key: "authors", label: "Authors", sort: "authors" },
    { key: "venue", label: "Venue", sort: "venue" },
    { key: "year", label: "Year", sort: "year" },
    { key: "added", label: "Added", sort: "added" },
    { key: "links", label: "Links", sort: null }
  ];
  var WIDTHS = { marks: "3.4rem", title: "minmax(12rem, 3fr)", authors: "minmax(8rem, 2fr)", venue: "7rem",
    year: "3.5rem", added: "6rem", links: "7.5rem" };
  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 45em)") : { matches: false };
  function rowHeight() { return PHONE.matches ? 64 : 44; }

  /* The explorer's state from the URL; unknown values fall back to the default, so nothing in
     a shared link (?sort=__proto__) reaches a lookup. */
  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {};
    FILTERS.forEach(function (f) { state[f] = params.get(f) || ""; });
    var sort = params.get("sort") || "-year";
    state.sort = has(SORT_KEYS, sort.replace(/^-/, "")) ? sort : "-year";
    return state;
  }

  function stateQuery(state) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (f) { if (state[f]) params.set(f, state[f]); });
    if (state.sort && state.sort !== "-year") params.set("sort", state.sort);
    var q = params.toString();
    return q ? "?" + q : location.pathname;
  }

  /* Rows sorted by a column ("title", "-year", ...): keys are computed once per row, not once
     per comparison, so sorting 100,000 rows stays well under a tenth of a second. */
  var SORT_KEYS = {
    title: function (r) { return r.t.toLowerCase(); },
    authors: function (r) { return r.a.toLowerCase(); },
    venue: function (r) { return r.venue.toLowerCase(); },
    year: function (r) { return r.y; },
    added: function (r) { return r.ad; },
    priority: function (r) { return r.p ? 3 - r.p : 0; }
  };

  function sortRows(rows, key) {
    var desc = key.charAt(0) === "-";
    var name = desc ? key.slice(1) : key;
    var get = has(SORT_KEYS, name) ? SORT_KEYS[name] : SORT_KEYS.year;
    var sign = desc ? -1 : 1;
    var keyed = rows.map(function (r) { return [get(r), r]; });
    keyed.sort(function (a, b) {
      if (a[0] < b[0]) return -sign;
      if (a[0] > b[0]) return sign;
      var x = a[1], y = b[1];
      if (x.y !== y.y) return y.y - x.y;
      return x.t < y.t ? -1 : x.t > y.t ? 1 : 0;
    });
    return keyed.map(function (pair) { return pair[1]; });
  }

  function selectControl(name, label, options) {
    return el("select", { name: name, "aria-label": label, class: "ps-input" },
      [el("option", { value: "", text: label })].concat(options.map(function (o) {
        return el("option", { value: o[0], text: o[1] });
      })));
  }

  /* The filter controls, one per entry of FILTERS; filters the shelf has no values for are hidden. */
  function filterControls(meta) {
    var years = [];
    meta.shards.forEach(function (s) { s.groups.forEach(function (g) { if (g[1] && years.indexOf(g[1]) < 0) years.push(g[1]); }); });
    years.sort(function (a, b) { return b - a; });
    var yearOptions = years.map(function (y) { return [String(y), String(y)]; });
    var controls = {
      q: el("input", { type: "search", name: "q", class: "ps-input ps-input--text", placeholder: "Filter by title, author, venue…", "aria-label": "Text filter", autocomplete: "off" }),
      venue: selectControl("venue", "All venues", meta.venues.map(function (v) { return [v[0], v[0]]; })
        .sort(function (a, b) { return a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1; })),
      from: selectControl("from", "From year", yearOptions.slice().reverse()),
      to: selectControl("to", "To year", yearOptions),
      topic: selectControl("topic", "All topics", meta.topics.map(function (t) { return [t[0], t[1]]; })),
      section: selectControl("section", "All sections", meta.sections.map(function (s) {
        return [s[0], new Array(s[0].split("/").length).join("\u00a0\u00a0\u00a0") + s[1]];
      })),
      tag: selectControl("tag", "All tags", meta.tags.map(function (t) { return [t, t]; })),
      priority: selectControl("priority", "Any priority", [["top", "★★ top"], ["second", "★ second"], ["none", "no priority"]]),
      status: selectControl("status", "Any status", [["unread", "unread"], ["reading", "◐ reading"], ["read", "✓ read"]])
    };
    if (!meta.topics.length) controls.topic.hidden = true;
    if (!meta.sections.length) controls.section.hidden = true;
    if (!meta.tags.length) controls.tag.hidden = true;
    return controls;
  }

  /* The explorer's elements: the filter bar (the text filter and, on phones, a button opening
     the others), the count line, the virtual table with its sortable heads, the empty note. */
  function explorerLayout(ex) {
    var controls = ex.controls;
    ex.reset = el("button", { type: "button", class: "ps-button", text: "Reset" });
    ex.count = el("p", { class: "ps-count-line", role: "status", "aria-live": "polite" });
    ex.head = el("div", { class: "ps-vt__head", role: "row" });
    ex.body = el("div", { class: "ps-vt__body", role: "rowgroup" });
    ex.empty = el("p", { class: "ps-empty", hidden: true, text: "No paper matches these filters." });
    ex.table = el("div", { class: "ps-vt", role: "table", "aria-label": "Papers" }, [ex.head, ex.body]);
    var more = el("div", { class: "ps-filters__more", id: "ps-filters-more" },
      FILTERS.slice(1).map(function (f) { return controls[f]; }).concat([ex.reset]));
    var opener = el("button", { type: "button", class: "ps-button ps-filters__open", "aria-expanded": "false",
      "aria-controls": "ps-filters-more", text: "Filters" });
    var bar = el("form", { class: "ps-filters", role: "search", onsubmit: function (e) { e.preventDefault(); } },
      [controls.q, opener, more]);
    opener.addEventListener("click", function () {
      var open = bar.classList.toggle("ps-filters--open");
      opener.setAttribute("aria-expanded", String(open));
    });
    ex.root.replaceChildren(bar, ex.count, ex.table, ex.empty);
    COLUMNS.forEach(function (c) {
      var b = c.sort ? el("button", { type: "button", class: "ps-vt__sort ps-col-" + c.key, "data-sort": c.sort, title: "Sort by " + (c.label || "priority") },
        [c.label || "★"]) : el("span", { class: "ps-vt__label", text: c.label });
      ex.head.appendChild(el("div", { class: "ps-vt__cell ps-col-" + c.key, role: "columnheader" }, [b]));
    });
  }

  /* Columns with nothing to tell (no authors anywhere, every paper added the same day) are
     hidden, leaving the room to titles. */
  function fitColumns(ex) {
    var all = ex.all, seen = { authors: false, added: {} }, days = 0;
    for (var i = 0; i < all.length && !(seen.authors && days > 1); i++) {
      if (all[i].a) seen.authors = true;
      if (!seen.added[all[i].ad]) { seen.added[all[i].ad] = true; days++; }
    }
    var hidden = { authors: !seen.authors, added: days <= 1 };
    ex.table.style.setProperty("--ps-cols", COLUMNS.filter(function (c) { return !hidden[c.key]; })
      .map(function (c) { return WIDTHS[c.key]; }).join(" "));
    COLUMNS.forEach(function (c) {
      ex.table.classList.toggle("ps-hide-" + c.key, !!hidden[c.key]);
    });
  }

  function toControls(ex) {
    FILTERS.forEach(function (f) { ex.controls[f].value = ex.state[f]; });
  }

  function pushState(ex, replace) {
    var url = stateQuery(ex.state);
    if (replace) history.replaceState(ex.state, "", url);
    else history.pushState(ex.state, "", url);
  }

  /* A click on a column head sorts by it; a second click reverses (numbers start descending). */
  function onSortClick(ex, e) {
    var b = e.target.closest("button");
    if (!b) return;
    var key = b.dataset.sort;
    var numeric = key === "year" || key === "added" || key === "priority";
    var state = ex.state;
    if (state.sort === key) state.sort = "-" + key;
    else if (state.sort === "-" + key) state.sort = key;
    else state.sort = numeric ? "-" + key : key;
    pushState(ex);
    refreshExplorer(ex);
  }

  /* Filters, sorting, Reset and the browser's back button keep the state, the URL and the
     controls in step. Typing in the text filter makes one history entry, not one per key. */
  function bindExplorer(ex) {
    var controls = ex.controls;
    var typing = false;
    ex.head.addEventListener("click", function (e) { onSortClick(ex, e); });
    FILTERS.forEach(function (f) {
      controls[f].addEventListener(f === "q" ? "input" : "change", function () {
        ex.state[f] = controls[f].value.trim ? controls[f].value.trim() : controls[f].value;
        if (f === "q") { pushState(ex, typing); typing = true; } else { typing = false; pushState(ex, false); }
        refreshExplorer(ex);
      });
    });
    controls.q.addEventListener("blur", function () { typing = false; });
    ex.reset.addEventListener("click", function () {
      FILTERS.forEach(function (f) { ex.state[f] = ""; });
      toControls(ex);
      pushState(ex, false);
      refreshExplorer(ex);
    });
    window.addEventListener("popstate", function () {
      ex.state = readState();
      typing = false;
      toControls(ex);
      refreshExplorer(ex);
    });
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; drawRows(ex); });
    }, { passive: true });
    window.addEventListener("resize", function () { refreshExplorer(ex); });
  }

  /* A test of one row against the filters of a state. */
  function matcher(meta, state) {
    var q = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var v = state.venue ? meta.venueIndex[state.venue] : null;
    var from = state.from ? Number(state.from) : 0, to = state.to ? Number(state.to) : 0;
    var t = state.topic ? meta.topicIndex[state.topic] : null;
    var inSection = state.section ? sectionMatcher(meta, state.section) : null;
    var g = state.tag ? meta.tags.indexOf(state.tag) : null;
    var p = state.priority ? { top: 1, second: 2, none: 0 }[state.priority] : null;
    var st = state.status ? STATUS.indexOf(state.status) : null;
    return function (r) {
      if (v !== null && r.v !== v) return false;
      if (from && (!r.y || r.y < from)) return false;
      if (to && (!r.y || r.y > to)) return false;
      if (t !== null && r.tp.indexOf(t) < 0) return false;
      if (g !== null && r.g.indexOf(g) < 0) return false;
      if (p !== null && p !== undefined && r.p !== p) return false;
      if (st !== null && r.st !== st) return false;
      if (inSection && !inSection(r)) return false;
      for (var i = 0; i < q.length; i++) if (r.hay.indexOf(q[i]) < 0) return false;
      return true;
    };
  }

  /* Sort (when the key or the rows changed), filter, update the count and the heads, redraw. */
  function refreshExplorer(ex) {
    var meta = ex.meta, state = ex.state;
    if (ex.sortedKey !== state.sort || ex.sorted.length !== ex.all.length) {
      ex.sorted = sortRows(ex.all, state.sort);
      ex.sortedKey = state.sort;
    }
    var result = ex.result = ex.sorted.filter(matcher(meta, state));
    var loading = ex.loadedShards < meta.shards.length;
    ex.count.textContent = fmt(result.length) + (loading ? "+" : "") + " of " + fmt(meta.total) + " papers" +
      (loading ? " (loading " + ex.loadedShards + "/" + meta.shards.length + ")" : "");
    ex.root.dataset.count = String(result.length);
    ex.root.dataset.ready = loading ? "" : "1";
    ex.empty.hidden = result.length > 0 || loading;
    ex.head.querySelectorAll("button").forEach(function (b) {
      var k = b.dataset.sort;
      b.parentNode.setAttribute("aria-sort", state.sort === k ? "ascending" : state.sort === "-" + k ? "descending" : "none");
    });
    ex.body.style.height = result.length * rowHeight() + "px";
    ex.drawn = {};
    ex.body.replaceChildren();
    drawRows(ex);
  }

  /* Only the rows in and near the window exist in the page (a virtual table). */
  function drawRows(ex) {
    var h = rowHeight(), body = ex.body, drawn = ex.drawn;
    var top = body.getBoundingClientRect().top + window.scrollY;
    var first = Math.max(0, Math.floor((window.scrollY - top) / h) - 10);
    var last = Math.min(ex.result.length, first + Math.ceil(window.innerHeight / h) + 20);
    var keep = {}, added = false;
    for (var i = first; i < last; i++) {
      keep[i] = true;
      if (!drawn[i]) { drawn[i] = tableRow(ex.meta, ex.result[i], i, h); body.appendChild(drawn[i]); added = true; }
    }
    for (var key in drawn) if (!keep[key]) { drawn[key].remove(); delete drawn[key]; }
    if (added) rendered(body);
  }

  function tableRow(meta, r, i, h) {
    var links = [];
    if (r.pu) links.push(chip("paper", r.pu));
    if (r.cu) links.push(chip("code", r.cu));
    var cells = [
      el("div", { class: "ps-vt__cell ps-col-marks", role: "cell" }, [marks(r)]),
      el("div", { class: "ps-vt__cell ps-col-title", role: "cell" }, [
        // the marker goes first: after a long title the cell's ellipsis would hide it
        r.mk ? el("span", { class: "ps-missing ps-missing--small", title: "the list has a link placeholder without a URL", text: "link missing" }) : null,
        el("a", { href: pageUrl(meta, r), title: r.t, text: r.t })
      ]),
      el("div", { class: "ps-vt__cell ps-col-authors", role: "cell", title: r.a.split("; ").join(", "), text: r.a.split("; ").join(", ") }),
      el("div", { class: "ps-vt__cell ps-col-venue", role: "cell", text: r.venue }),
      el("div", { class: "ps-vt__cell ps-col-year", role: "cell", text: r.y ? String(r.y) : "" }),
      el("div", { class: "ps-vt__cell ps-col-added", role: "cell", text: isoDay(r.ad) }),
      el("div", { class: "ps-vt__cell ps-col-links", role: "cell" }, links)
    ];
    var row = el("div", { class: "ps-vt__row", role: "row", "data-id": r.id, "data-paper-id": r.id }, cells);
    row.style.transform = "translateY(" + i * h + "px)";
    row.style.height = h + "px";
    return row;
  }

  /* The shards that can match the venue/year filter first: the first results appear after one
     shard, whatever the shelf's size. */
  function shardOrder(meta, state) {
    var v0 = state.venue ? meta.venueIndex[state.venue] : undefined;
    var from0 = Number(state.from) || 0, to0 = Number(state.to) || 9999;
    var canMatch = function (i) {
      return meta.shards[i].groups.some(function (g) {
        return (v0 === undefined || g[0] === v0) && g[1] >= from0 && g[1] <= to0;
      });
    };
    var order = allShards(meta);
    return order.filter(canMatch).concat(order.filter(function (i) { return !canMatch(i); }));
  }

  /* Edits shown in place (serve, see "papershelf:updated"): the shards holding the edited
     papers are read again and their rows replaced; the reader's filters, sort and scroll stay
     (the rows keep their number, so the table keeps its height). */
  function updateExplorer(ex, ids) {
    refreshData(ex.meta);
    return reloadRows(ex.meta, ids).then(function () {
      ex.all = ex.all.map(function (r) { return rowById[r.id] || r; });
      ex.sortedKey = null;  // an edited title or year can move a row
      refreshExplorer(ex);
    }).catch(function (err) { errorBox(ex.root, err); });
  }

  function initExplorer(meta, root) {
    var ex = { meta: meta, root: root, state: readState(), controls: filterControls(meta),
      all: [], sorted: [], sortedKey: null, result: [], loadedShards: 0, drawn: {} };
    explorerLayout(ex);
    toControls(ex);
    bindExplorer(ex);
    document.addEventListener("papershelf:updated", function (e) { updateExplorer(ex, e.detail.ids || []); });
    var scheduled = false;
    refreshExplorer(ex);
    loadShards(meta, shardOrder(meta, ex.state), function (rows) {
      Array.prototype.push.apply(ex.all, rows);
      ex.loadedShards++;
      if (ex.loadedShards === meta.shards.length) { fitColumns(ex); refreshExplorer(ex); return; }
      if (scheduled) return;
      scheduled = true;
      setTimeout(function () { scheduled = false; refreshExplorer(ex); }, ex.all.length === rows.length ? 0 : 120);
    }).catch(function (err) { errorBox(root, err); });
  }

  // -- search in the header of every page ----------------------------------------------------

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* What to look for: an arXiv or DOI link or prefix is reduced to the id it names. */
  function searchText(raw) {
    return raw.trim().toLowerCase()
      .replace(/^https?:\/\/(www\.)?(arxiv\.org\/(abs|pdf)\/|(dx\.)?doi\.org\/)/, "")
      .replace(/^(arxiv:|doi:)\s*/, "").replace(/^(\d{4}\.\d{4,5})v\d+$/, "$1");
  }

  /* Relevance: an id named exactly first, then matches in the title before authors before the
     venue; a whole word counts more than a word's start, which counts more than a part. */
  function scorer(q) {
    var words = q.split(/\s+/).filter(Boolean);
    var tests = words.map(function (w) {
      var e = escapeRe(w);
      return { w: w, whole: new RegExp("(^|[^a-z0-9])" + e + "($|[^a-z0-9])"), start: new RegExp("(^|[^a-z0-9])" + e) };
    });
    function part(text, t, weight) {
      if (text.indexOf(t.w) < 0) return 0;
      return weight * (t.whole.test(text) ? 3 : t.start.test(text) ? 2 : 1);
    }
    return function (r) {
      var title = r.t.toLowerCase(), authors = r.a.toLowerCase(), venue = r.venue.toLowerCase();
      var score = 0;
      if (r.x && (" " + r.x.toLowerCase() + " ").indexOf(" " + q + " ") >= 0) score += 1000;
      if (r.id.toLowerCase() === q) score += 1000;
      if (title === q) score += 300;
      else if (title.indexOf(q) === 0) score += 150;
      else if (words.length > 1 && title.indexOf(q) > 0) score += 80;
      // weights such that any title match outranks any author match, which outranks the venue
      tests.forEach(function (t) { score += part(title, t, 10) + part(authors, t, 3) + part(venue, t, 0.9); });
      return score;
    };
  }

  function rank(rows, q, limit) {
    var words = q.split(/\s+/).filter(Boolean);
    var score = scorer(q);
    var hits = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = true;
      for (var j = 0; j < words.length; j++) if (r.hay.indexOf(words[j]) < 0) { ok = false; break; }
      if (ok) hits.push([score(r), r]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || b[1].y - a[1].y || (a[1].t < b[1].t ? -1 : 1); });
    return { total: hits.length, top: hits.slice(0, limit).map(function (h) { return h[1]; }) };
  }

  /* One search result: title, then up to three authors, venue, year and id. */
  function searchHit(meta, r, i) {
    var authors = r.a.split("; ");
    return el("a", { class: "ps-search__hit", role: "option", id: "ps-hit-" + i, "aria-selected": "false",
      href: pageUrl(meta, r), "data-paper-id": r.id, tabindex: "-1" }, [
      el("span", { class: "ps-search__title", text: r.t }),
      el("span", { class: "ps-search__meta", text: [authors.slice(0, 3).join(", ") + (authors.length > 3 ? " et al." : ""), r.venue, r.y || "", r.x].filter(Boolean).join(" · ") })
    ]);
  }

  /* The last result: the count, linking to the explorer filtered by the same text. */
  function searchAll(text, total, status) {
    return el("a", {
      class: "ps-search__all", role: "option", id: "ps-hit-all", "aria-selected": "false", tabindex: "-1",
      href: ROOT + "explorer/?q=" + encodeURIComponent(text.trim()),
      text: total ? "All " + fmt(total) + " results in the explorer" + status : "No paper found" + status
    });
  }

  function initSearch() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner) return;
    var input = el("input", {
      type: "search", class: "ps-search__input", placeholder: PHONE.matches ? "Search" : "Search papers", "aria-label": "Search papers by title, author, venue, arXiv id or DOI",
      autocomplete: "off", spellcheck: "false", role: "combobox", "aria-expanded": "false", "aria-controls": "ps-search-results",
      "aria-autocomplete": "list"
    });
    var results = el("div", { class: "ps-search__results", id: "ps-search-results", role: "listbox", hidden: true });
    var box = el("div", { class: "ps-search", role: "search" }, [input, results]);
    var anchor = inner.querySelector(".md-header__source") || null;
    inner.insertBefore(box, anchor);
    var started = false;
    var rows = [];
    var metaRef = null;
    var loaded = 0, shards = 0;
    var active = -1;

    function start() {
      if (started) return;
      started = true;
      getMeta().then(function (meta) {
        metaRef = meta;
        shards = meta.shards.length;
        return loadShards(meta, allShards(meta), function (r) {
          Array.prototype.push.apply(rows, r);
          loaded++;
          show();
        });
      }).catch(function (err) {
        results.hidden = false;
        results.replaceChildren(el("p", { class: "ps-error", text: "Search is unavailable: " + err.message }));
      });
    }

    function options() { return Array.prototype.slice.call(results.querySelectorAll("[role=option]")); }

    function activate(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === active)); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function hide() {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show() {
      var q = searchText(input.value);
      if (!q || !metaRef) { if (!q) hide(); return; }
      var found = rank(rows, q, 8);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var items = found.top.map(function (r, i) { return searchHit(metaRef, r, i); });
      items.push(searchAll(input.value, found.total, loaded < shards ? " (searching " + loaded + "/" + shards + ")" : ""));
      results.replaceChildren.apply(results, items);
      results.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    // papers edited in place since their rows were read (serve): read again before the next search
    var stale = [];
    document.addEventListener("papershelf:updated", function (e) { if (started) stale = stale.concat(e.detail.ids || []); });
    function freshen() {
      if (!stale.length || !metaRef) return;
      var ids = stale;
      stale = [];
      reloadRows(metaRef, ids).then(function () {
        rows = rows.map(function (r) { return rowById[r.id] || r; });
        show();
      });
    }

    input.addEventListener("focus", function () { start(); freshen(); });
    input.addEventListener("input", function () { start(); freshen(); show(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (results.hidden) show();
        activate(active < 0 ? (e.key === "ArrowDown" ? 0 : -1) : active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter") {
        var chosen = options()[active < 0 ? 0 : active];
        if (chosen) location.href = chosen.href;
      } else if (e.key === "Escape") { hide(); input.blur(); }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) hide(); });
    focusOnSlash(input);
  }

  /* "/" anywhere but in a field goes to the search box. */
  function focusOnSlash(input) {
    document.addEventListener("keydown", function (e) {
      var tag = document.activeElement ? document.activeElement.tagName : "";
      if (e.key === "/" && tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA") {
        e.preventDefault();
        input.focus();
      }
    });
  }

  // -- start ----------------------------------------------------------------------------------

  function main() {
    initSearch();
    var explorer = document.getElementById("ps-explorer");
    if (!explorer && !document.querySelector(".ps-list")) return;
    if (document.querySelector(".ps-list")) {
      // the lines are in the page already: the toggle and the landing need no data
      setView(currentView());
    }
    getMeta().then(function (meta) {
      if (explorer) initExplorer(meta, explorer);
      initLists(meta);
    }).catch(function (err) {
      if (explorer) errorBox(explorer, err);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
