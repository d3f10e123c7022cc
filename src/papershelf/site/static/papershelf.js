/* papershelf.js: paper lists, the explorer and the paper search of a papershelf site.
 *
 * Papers live in gzip-compressed JSON shards (data/meta.json names them). Every value from the
 * shelf is put into the page with textContent or setAttribute, never as HTML, and only
 * http(s) URLs become links. Nothing is loaded from another host.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var ROOT = new URL("../../", SCRIPT ? SCRIPT.src : location.href).href;
  var HTTP = /^https?:\/\//i;
  var PRIORITY = ["", "top", "second"];
  var STATUS = ["unread", "reading", "read"];
  var DAY = 86400000;

  // -- small DOM helpers ------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
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

  // -- data ---------------------------------------------------------------------------------

  var memo = {};
  function once(key, make) { return memo[key] || (memo[key] = make()); }

  function getMeta() {
    return once("meta", function () {
      return fetch(ROOT + "data/meta.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("data/meta.json: HTTP " + r.status);
        return r.json();
      }).then(function (meta) {
        meta.venueIndex = {};
        meta.venues.forEach(function (v, i) { meta.venueIndex[v[0]] = i; });
        meta.topicIndex = {};
        meta.topics.forEach(function (t, i) { meta.topicIndex[t[0]] = i; });
        meta.sectionIndex = {};
        meta.sections.forEach(function (s, i) { meta.sectionIndex[s[0]] = i; });
        return meta;
      });
    });
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
  function getRows(meta, i) {
    return once("idx" + i, function () {
      return getJson(meta.shards[i].idx).then(function (c) {
        var rows = new Array(c.id.length);
        for (var k = 0; k < c.id.length; k++) {
          var venue = c.v[k] >= 0 ? meta.venues[c.v[k]][0] : "";
          rows[k] = {
            shard: i, k: k, id: c.id[k], t: c.t[k], a: c.a[k], v: c.v[k], venue: venue, y: c.y[k],
            tp: c.tp[k], s: c.s[k], g: c.g[k], p: c.p[k], st: c.st[k], ad: c.ad[k], lk: c.lk[k], mk: c.mk[k],
            hay: (c.t[k] + " | " + c.a[k] + " | " + venue + " " + (c.y[k] || "") + " | " + c.id[k]).toLowerCase()
          };
        }
        rowsByShard[i] = rows;
        return rows;
      });
    });
  }

  var memoDetails = {};
  function getDetails(meta, i) {
    return once("det" + i, function () {
      return getJson(meta.shards[i].det).then(function (d) { memoDetails[i] = d; return d; });
    });
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

  // -- paper cards ----------------------------------------------------------------------

  function marks(row) {
    var out = el("span", { class: "ps-marks" });
    if (row.p) out.appendChild(el("span", {
      class: "ps-mark ps-" + PRIORITY[row.p], title: PRIORITY[row.p] + " priority", text: "★"
    }));
    if (row.st === 2) out.appendChild(el("span", { class: "ps-mark ps-read", title: "read", text: "✓" }));
    if (row.st === 1) out.appendChild(el("span", { class: "ps-mark ps-reading", title: "reading", text: "◐" }));
    return out;
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

  function card(meta, row, det) {
    var k = row.k;
    var title = el("h4", { class: "ps-paper__title" }, [
      marks(row),
      el("a", { href: "#" + encodeURIComponent(row.id), class: "ps-paper__anchor", text: row.t })
    ]);
    var bits = [];
    if (row.a) bits.push(el("span", { class: "ps-authors", text: row.a.split("; ").join(", ") }));
    if (row.venue) bits.push(el("a", {
      class: "ps-venue", href: ROOT + "venues/" + meta.venues[row.v][1] + "/" + (row.y ? "#year-" + row.y : ""),
      text: row.venue + (row.y ? " " + row.y : "")
    }));
    row.g.forEach(function (g) { bits.push(el("span", { class: "ps-tag", text: meta.tags[g] })); });
    var links = el("div", { class: "ps-links" });
    (det.ln[k] || []).forEach(function (pair) {
      var kind = meta.kinds[pair[0]], url = pair[1];
      if (url && HTTP.test(url)) {
        links.appendChild(el("a", { class: "ps-link ps-link--" + kind, href: url, rel: "noopener noreferrer", text: kind }));
      } else {
        links.appendChild(el("span", {
          class: "ps-missing", title: "the list names a " + kind + " link here but has no URL", text: kind
        }));
      }
    });
    var parts = [title, el("div", { class: "ps-paper__meta" }, bits), links];
    if (det.ab[k]) parts.push(el("details", { class: "ps-fold" }, [
      el("summary", { text: "Abstract" }), el("p", { class: "ps-text", text: det.ab[k] })]));
    if (det.no[k]) parts.push(el("details", { class: "ps-fold" }, [
      el("summary", { text: "Notes" }), el("p", { class: "ps-text", text: det.no[k] })]));
    if (det.bib[k]) {
      var button = el("button", { class: "ps-copy", type: "button", text: "Copy" });
      button.addEventListener("click", function () { copyText(det.bib[k], button); });
      parts.push(el("details", { class: "ps-fold ps-bib" }, [
        el("summary", { text: "BibTeX" }), button, el("pre", {}, [el("code", { text: det.bib[k] })])]));
    }
    var article = el("article", { class: "ps-paper", id: row.id, "data-paper-id": row.id }, parts);
    if (row.p) article.classList.add("ps-paper--" + PRIORITY[row.p]);
    return article;
  }

  function scrollToHash() {
    if (!location.hash) return false;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return false;
    // Cards off screen are laid out with an estimated height (content-visibility): scroll again
    // until the target stays put, as the cards around it take their real size.
    // Stops after a second, or as soon as the reader scrolls.
    var frames = 0, stopped = false;
    var stop = function () { stopped = true; };
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (e) {
      window.addEventListener(e, stop, { once: true, passive: true });
    });
    var margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    target.scrollIntoView();
    (function settle() {
      if (stopped || ++frames > 60) return;
      if (Math.abs(target.getBoundingClientRect().top - margin) > 2) target.scrollIntoView();
      requestAnimationFrame(settle);
    })();
    return true;
  }

  function errorBox(container, err) {
    container.replaceChildren(el("p", { class: "ps-error", text: "Could not load the papers: " + err.message }));
  }

  // -- lists on venue, topic and taxonomy pages ----------------------------------------------

  function initLists(meta) {
    var lists = Array.prototype.slice.call(document.querySelectorAll(".ps-list"));
    if (!lists.length) return;
    var venueLists = lists.filter(function (l) { return l.dataset.venue !== undefined; });
    var other = lists.filter(function (l) { return l.dataset.venue === undefined; });
    if (venueLists.length) {
      var v = meta.venueIndex[venueLists[0].dataset.venue];
      var wanted = shardsFor(meta, v);
      Promise.all(wanted.map(function (i) { return Promise.all([getRows(meta, i), getDetails(meta, i)]); }))
        .then(function (pairs) {
          venueLists.forEach(function (list) {
            var year = Number(list.dataset.year);
            var frag = document.createDocumentFragment();
            pairs.forEach(function (pair) {
              pair[0].forEach(function (row) {
                if (row.v === v && row.y === year) frag.appendChild(card(meta, row, pair[1]));
              });
            });
            list.replaceChildren(frag);
            list.dataset.ready = "1";
          });
          scrollToHash();
        }).catch(function (err) { venueLists.forEach(function (l) { errorBox(l, err); }); });
    }
    other.forEach(function (list) { groupedList(meta, list); });
  }

  function groupedList(meta, list) {
    var test;
    if (list.dataset.topic !== undefined) {
      var t = meta.topicIndex[list.dataset.topic];
      test = function (row) { return row.tp.indexOf(t) >= 0; };
    } else {
      test = sectionMatcher(meta, list.dataset.section);
    }
    var rows = [];
    var all = meta.shards.map(function (_, i) { return i; });
    var toolbar = null;
    if (list.dataset.canGroupSection) {
      toolbar = el("div", { class: "ps-toolbar", role: "group", "aria-label": "Group papers" }, [
        el("span", { text: "Group by " }),
        el("button", { type: "button", class: "ps-toggle", "aria-pressed": "true", "data-group": "venue-year", text: "venue & year" }),
        el("button", { type: "button", class: "ps-toggle", "aria-pressed": "false", "data-group": "section", text: "section" })
      ]);
      toolbar.addEventListener("click", function (e) {
        var b = e.target.closest("button");
        if (!b) return;
        toolbar.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
        list.dataset.group = b.dataset.group;
        render();
      });
    }
    var body = el("div", { class: "ps-groups" });
    loadShards(meta, all, null).then(function () {
      all.forEach(function (i) { rowsByShard[i].forEach(function (r) { if (test(r)) rows.push(r); }); });
      list.replaceChildren.apply(list, [toolbar, body].filter(Boolean));
      render();
    }).catch(function (err) { errorBox(list, err); });

    function groups() {
      var out = [], current = null;
      if (list.dataset.group === "section") {
        var bySection = {};
        rows.forEach(function (r) {
          (r.s.length ? r.s : [-1]).forEach(function (s) { (bySection[s] = bySection[s] || []).push(r); });
        });
        meta.sections.forEach(function (s, i) {
          if (bySection[i]) out.push({ h: s[1], sub: s[0], rows: bySection[i], id: "section-" + s[0].replace(/\//g, "-") });
        });
        if (bySection[-1]) out.push({ h: "Not filed in a section", rows: bySection[-1], id: "section-none" });
        return out;
      }
      rows.forEach(function (r) {
        var key = r.y + "|" + r.v;
        if (!current || current.key !== key) {
          current = { key: key, year: r.y, h: (r.venue || "Unknown venue") + " " + (r.y || ""), rows: [],
            id: "g-" + (r.y || "unknown") + "-" + (r.v >= 0 ? meta.venues[r.v][1] : "unknown") };
          out.push(current);
        }
        current.rows.push(r);
      });
      return out;
    }

    var observer = null;
    function render() {
      if (observer) observer.disconnect();
      var gs = groups();
      body.replaceChildren();
      var gi = 0, lastYear = null;
      var hash = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
      var sentinel = el("div", { class: "ps-sentinel" });
      function more(minimum) {
        var added = 0;
        var batch = [];
        while (gi < gs.length && (added < minimum || batch.length === 0)) {
          var g = gs[gi++];
          if (g.year !== undefined && g.year !== lastYear) {
            lastYear = g.year;
            body.appendChild(el("h2", { class: "ps-year", id: "year-" + (g.year || "unknown"), text: g.year ? String(g.year) : "Year unknown" }));
          }
          var section = el("section", { class: "ps-group", id: g.id }, [
            el("h3", { class: "ps-group__title" }, [g.h, el("span", { class: "ps-count", text: String(g.rows.length) })])]);
          body.appendChild(section);
          batch.push([section, g.rows]);
          added += g.rows.length;
        }
        var need = {};
        batch.forEach(function (b) { b[1].forEach(function (r) { need[r.shard] = true; }); });
        return Promise.all(Object.keys(need).map(function (i) { return getDetails(meta, Number(i)); })).then(function () {
          batch.forEach(function (b) {
            var frag = document.createDocumentFragment();
            b[1].forEach(function (r) { frag.appendChild(card(meta, r, memoDetails[r.shard])); });
            b[0].appendChild(frag);
          });
          body.appendChild(sentinel);
          if (gi >= gs.length) { sentinel.remove(); if (observer) observer.disconnect(); }
        });
      }
      function untilHash() {
        return more(300).then(function () {
          if (hash && !document.getElementById(hash) && gi < gs.length &&
            rows.some(function (r) { return r.id === hash; })) return untilHash();
        });
      }
      untilHash().then(function () {
        list.dataset.ready = "1";
        scrollToHash();
        if (gi < gs.length && "IntersectionObserver" in window) {
          observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (e) { return e.isIntersecting; })) more(300);
          }, { rootMargin: "1500px" });
          observer.observe(sentinel);
        }
      });
    }
  }

  // -- the explorer -------------------------------------------------------------------------

  var FILTERS = ["q", "venue", "from", "to", "topic", "section", "tag", "priority", "status"];
  var COLUMNS = [
    { key: "marks", label: "", sort: "priority" },
    { key: "title", label: "Title", sort: "title" },
    { key: "authors", label: "Authors", sort: "authors" },
    { key: "venue", label: "Venue", sort: "venue" },
    { key: "year", label: "Year", sort: "year" },
    { key: "added", label: "Added", sort: "added" }
  ];
  var ROW_HEIGHT = 44;

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {};
    FILTERS.forEach(function (f) { state[f] = params.get(f) || ""; });
    state.sort = params.get("sort") || "-year";
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
  function sortRows(rows, key) {
    var desc = key.charAt(0) === "-";
    var name = desc ? key.slice(1) : key;
    var get = {
      title: function (r) { return r.t.toLowerCase(); },
      authors: function (r) { return r.a.toLowerCase(); },
      venue: function (r) { return r.venue.toLowerCase(); },
      year: function (r) { return r.y; },
      added: function (r) { return r.ad; },
      priority: function (r) { return r.p ? 3 - r.p : 0; }
    }[name] || function (r) { return r.y; };
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

  function initExplorer(meta, root) {
    var state = readState();
    var all = [];
    var sorted = [];
    var sortedKey = null;
    var result = [];
    var loadedShards = 0;
    var total = meta.total;

    function select(name, label, options) {
      var s = el("select", { name: name, "aria-label": label, class: "ps-input" },
        [el("option", { value: "", text: label })].concat(options.map(function (o) {
          return el("option", { value: o[0], text: o[1] });
        })));
      return s;
    }
    var years = [];
    meta.shards.forEach(function (s) { s.groups.forEach(function (g) { if (g[1] && years.indexOf(g[1]) < 0) years.push(g[1]); }); });
    years.sort(function (a, b) { return b - a; });
    var yearOptions = years.map(function (y) { return [String(y), String(y)]; });
    var controls = {
      q: el("input", { type: "search", name: "q", class: "ps-input ps-input--text", placeholder: "Filter by title, author, venue…", "aria-label": "Text filter", autocomplete: "off" }),
      venue: select("venue", "All venues", meta.venues.map(function (v) { return [v[0], v[0]]; })
        .sort(function (a, b) { return a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1; })),
      from: select("from", "From year", yearOptions.slice().reverse()),
      to: select("to", "To year", yearOptions),
      topic: select("topic", "All topics", meta.topics.map(function (t) { return [t[0], t[1]]; })),
      section: select("section", "All sections", meta.sections.map(function (s) {
        return [s[0], new Array(s[0].split("/").length).join("\u00a0\u00a0\u00a0") + s[1]];
      })),
      tag: select("tag", "All tags", meta.tags.map(function (t) { return [t, t]; })),
      priority: select("priority", "Any priority", [["top", "★ top"], ["second", "★ second"], ["none", "no priority"]]),
      status: select("status", "Any status", [["unread", "unread"], ["reading", "◐ reading"], ["read", "✓ read"]])
    };
    if (!meta.topics.length) controls.topic.hidden = true;
    if (!meta.sections.length) controls.section.hidden = true;
    if (!meta.tags.length) controls.tag.hidden = true;
    var reset = el("button", { type: "button", class: "ps-button", text: "Reset" });
    var count = el("p", { class: "ps-count-line", role: "status", "aria-live": "polite" });
    var head = el("div", { class: "ps-vt__head", role: "row" });
    var body = el("div", { class: "ps-vt__body", role: "rowgroup" });
    var empty = el("p", { class: "ps-empty", hidden: true, text: "No paper matches these filters." });
    var table = el("div", { class: "ps-vt", role: "table", "aria-label": "Papers" }, [head, body]);
    var bar = el("form", { class: "ps-filters", role: "search", onsubmit: function (e) { e.preventDefault(); } },
      FILTERS.map(function (f) { return controls[f]; }).concat([reset]));
    root.replaceChildren(bar, count, table, empty);

    COLUMNS.forEach(function (c) {
      var b = el("button", { type: "button", class: "ps-vt__sort ps-col-" + c.key, "data-sort": c.sort, title: "Sort by " + (c.label || "priority") },
        [c.label || "★"]);
      head.appendChild(el("div", { class: "ps-vt__cell ps-col-" + c.key, role: "columnheader" }, [b]));
    });
    head.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var key = b.dataset.sort;
      var numeric = key === "year" || key === "added" || key === "priority";
      if (state.sort === key) state.sort = "-" + key;
      else if (state.sort === "-" + key) state.sort = key;
      else state.sort = numeric ? "-" + key : key;
      push();
      refresh();
    });

    function toControls() {
      FILTERS.forEach(function (f) { controls[f].value = state[f]; });
    }
    toControls();

    var typing = false;
    function push(replace) {
      var url = stateQuery(state);
      if (replace) history.replaceState(state, "", url);
      else history.pushState(state, "", url);
    }
    FILTERS.forEach(function (f) {
      controls[f].addEventListener(f === "q" ? "input" : "change", function () {
        state[f] = controls[f].value.trim ? controls[f].value.trim() : controls[f].value;
        if (f === "q") { push(typing); typing = true; } else { typing = false; push(false); }
        refresh();
      });
    });
    controls.q.addEventListener("blur", function () { typing = false; });
    reset.addEventListener("click", function () {
      FILTERS.forEach(function (f) { state[f] = ""; });
      toControls();
      push(false);
      refresh();
    });
    window.addEventListener("popstate", function () {
      state = readState();
      typing = false;
      toControls();
      refresh();
    });

    function matcher() {
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

    var pending = false;
    function refresh() {
      if (sortedKey !== state.sort || sorted.length !== all.length) {
        sorted = sortRows(all, state.sort);
        sortedKey = state.sort;
      }
      var test = matcher();
      result = sorted.filter(test);
      var loading = loadedShards < meta.shards.length;
      count.textContent = fmt(result.length) + (loading ? "+" : "") + " of " + fmt(total) + " papers" +
        (loading ? " (loading " + loadedShards + "/" + meta.shards.length + ")" : "");
      root.dataset.count = String(result.length);
      root.dataset.ready = loading ? "" : "1";
      empty.hidden = result.length > 0 || loading;
      head.querySelectorAll("button").forEach(function (b) {
        var k = b.dataset.sort;
        b.parentNode.setAttribute("aria-sort", state.sort === k ? "ascending" : state.sort === "-" + k ? "descending" : "none");
      });
      body.style.height = result.length * ROW_HEIGHT + "px";
      drawn = {};
      body.replaceChildren();
      draw();
    }

    var drawn = {};
    function draw() {
      var top = body.getBoundingClientRect().top + window.scrollY;
      var first = Math.max(0, Math.floor((window.scrollY - top) / ROW_HEIGHT) - 10);
      var last = Math.min(result.length, first + Math.ceil(window.innerHeight / ROW_HEIGHT) + 20);
      var keep = {};
      for (var i = first; i < last; i++) {
        keep[i] = true;
        if (!drawn[i]) { drawn[i] = tableRow(result[i], i); body.appendChild(drawn[i]); }
      }
      for (var key in drawn) if (!keep[key]) { drawn[key].remove(); delete drawn[key]; }
    }
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; draw(); });
    }, { passive: true });
    window.addEventListener("resize", draw);

    function tableRow(r, i) {
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
        el("div", { class: "ps-vt__cell ps-col-added", role: "cell", text: isoDay(r.ad) })
      ];
      var row = el("div", { class: "ps-vt__row", role: "row", "data-id": r.id, "data-paper-id": r.id }, cells);
      row.style.transform = "translateY(" + i * ROW_HEIGHT + "px)";
      return row;
    }

    // Fetch the shards that can match the current venue/year filter first: the first results
    // appear after one shard, whatever the shelf's size.
    var v0 = state.venue ? meta.venueIndex[state.venue] : undefined;
    var from0 = Number(state.from) || 0, to0 = Number(state.to) || 9999;
    var canMatch = function (i) {
      return meta.shards[i].groups.some(function (g) {
        return (v0 === undefined || g[0] === v0) && g[1] >= from0 && g[1] <= to0;
      });
    };
    var order = meta.shards.map(function (_, i) { return i; });
    order = order.filter(canMatch).concat(order.filter(function (i) { return !canMatch(i); }));
    var scheduled = false;
    refresh();
    loadShards(meta, order, function (rows) {
      Array.prototype.push.apply(all, rows);
      loadedShards++;
      if (loadedShards === meta.shards.length) { refresh(); return; }
      if (scheduled) return;
      scheduled = true;
      setTimeout(function () { scheduled = false; refresh(); }, all.length === rows.length ? 0 : 120);
    }).catch(function (err) { errorBox(root, err); });
  }

  // -- search in the header of every page ----------------------------------------------------

  function initSearch() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner) return;
    var input = el("input", {
      type: "search", class: "ps-search__input", placeholder: "Search papers", "aria-label": "Search papers by title, author or venue",
      autocomplete: "off", spellcheck: "false"
    });
    var results = el("div", { class: "ps-search__results", role: "listbox", hidden: true });
    var box = el("div", { class: "ps-search", role: "search" }, [input, results]);
    var anchor = inner.querySelector(".md-header__source") || null;
    inner.insertBefore(box, anchor);
    var started = false;
    var rows = [];
    var metaRef = null;
    var loaded = 0, shards = 0;

    function start() {
      if (started) return;
      started = true;
      getMeta().then(function (meta) {
        metaRef = meta;
        shards = meta.shards.length;
        return loadShards(meta, meta.shards.map(function (_, i) { return i; }), function (r) {
          Array.prototype.push.apply(rows, r);
          loaded++;
          show();
        });
      }).catch(function (err) {
        results.hidden = false;
        results.replaceChildren(el("p", { class: "ps-error", text: "Search is unavailable: " + err.message }));
      });
    }

    function show() {
      var q = input.value.trim().toLowerCase();
      if (!q) { results.hidden = true; return; }
      var words = q.split(/\s+/);
      var hits = [];
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], ok = true;
        for (var j = 0; j < words.length; j++) if (r.hay.indexOf(words[j]) < 0) { ok = false; break; }
        if (ok) hits.push(r);
      }
      var t0 = function (r) { var t = r.t.toLowerCase(); return t.indexOf(q) === 0 ? 0 : t.indexOf(q) > 0 ? 1 : 2; };
      hits.sort(function (a, b) { return t0(a) - t0(b) || b.y - a.y; });
      var items = hits.slice(0, 8).map(function (r) {
        return el("a", { class: "ps-search__hit", role: "option", href: pageUrl(metaRef, r) }, [
          el("span", { class: "ps-search__title", text: r.t }),
          el("span", { class: "ps-search__meta", text: [r.a.split("; ").slice(0, 3).join(", ") + (r.a.split("; ").length > 3 ? " et al." : ""), r.venue, r.y || ""].filter(Boolean).join(" · ") })
        ]);
      });
      var status = loaded < shards ? " (searching " + loaded + "/" + shards + ")" : "";
      items.push(el("a", {
        class: "ps-search__all", href: ROOT + "explorer/?q=" + encodeURIComponent(input.value.trim()),
        text: hits.length ? "All " + fmt(hits.length) + " results in the explorer" + status : "No paper found" + status
      }));
      results.replaceChildren.apply(results, items);
      results.hidden = false;
    }

    input.addEventListener("focus", start);
    input.addEventListener("input", function () { start(); show(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        var first = results.querySelector("a");
        if (first) location.href = first.href;
      } else if (e.key === "Escape") { results.hidden = true; input.blur(); }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) results.hidden = true; });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement.tagName !== "INPUT" && document.activeElement.tagName !== "SELECT") {
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
    getMeta().then(function (meta) {
      if (explorer) initExplorer(meta, explorer);
      initLists(meta);
    }).catch(function (err) {
      document.querySelectorAll("#ps-explorer, .ps-list").forEach(function (n) { errorBox(n, err); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
