/* Crosswire views: story timeline, actor network, claims, statements, articles, evidence viewer.
 *
 * Shared by the static report (all data embedded) and the web app (one story embedded, article
 * texts fetched from the read-only API). Article text is untrusted: every string reaches the
 * page through textContent or a text node, never innerHTML, and no attribute takes a URL from
 * the data.
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var QUADS = {
    "verbal-cooperation": "Verbal cooperation",
    "material-cooperation": "Material cooperation",
    "verbal-conflict": "Verbal conflict",
    "material-conflict": "Material conflict",
    "other": "Other"
  };
  var STATUSES = {
    reported: "Reported (happened)",
    planned: "Planned or announced",
    historical: "Historical background",
    hypothetical: "Hypothetical"
  };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY = 86400000;

  /* -- element helpers ------------------------------------------------------------------------ */

  function append(node, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { append(node, child); return; }
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function h(tag, attrs) {
    var node = document.createElement(tag);
    setAttributes(node, attrs);
    return append(node, Array.prototype.slice.call(arguments, 2));
  }

  function s(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    setAttributes(node, attrs);
    return append(node, Array.prototype.slice.call(arguments, 2));
  }

  function setAttributes(node, attrs) {
    Object.keys(attrs || {}).forEach(function (name) {
      if (/^on/i.test(name) || name === "href" || name === "src" || name === "style") {
        throw new Error("refusing to set attribute " + name);
      }
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, String(attrs[name]));
    });
  }

  function tip(node, text) {
    node.appendChild(s("title", {}, text));
    return node;
  }

  function plural(n, word, many) { return n + " " + (n === 1 ? word : (many || word + "s")); }

  function day(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)); }

  function humanDate(value) {
    if (!value) return "undated";
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
    if (!m || +m[2] < 1 || +m[2] > 12) return value;
    return (m[3] ? +m[3] + " " : "") + MONTHS[+m[2] - 1] + " " + m[1];
  }

  function clip(text, n) { text = text || ""; return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  /* -- articles and the evidence viewer ------------------------------------------------------- */

  function Context(data, mode) {
    this.data = data;
    this.mode = mode;
    this.articles = data.articles || {};
    this.cache = {};
  }

  Context.prototype.meta = function (id) {
    return this.articles[id] || { id: id, title: id, source: null, published: null, flags: [], copy_type: "" };
  };

  Context.prototype.label = function (id) {
    var meta = this.meta(id);
    return (meta.source || "unknown outlet") + ", " + humanDate(meta.published);
  };

  Context.prototype.article = function (id) {
    var self = this;
    var known = this.articles[id];
    if (known && typeof known.text === "string") return Promise.resolve(known);
    if (this.mode !== "app") return Promise.reject(new Error("article " + id + " is not in this report"));
    if (!this.cache[id]) {
      this.cache[id] = fetch("/api/articles/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("article " + id + ": HTTP " + response.status);
          return response.json();
        })
        .then(function (record) {
          var meta = self.meta(id);
          return Object.assign({}, meta, record, {
            copy: meta.copy_type || "", flags: meta.flags || []
          });
        });
    }
    return this.cache[id];
  };

  function Viewer(ctx) {
    this.ctx = ctx;
    this.dialog = document.getElementById("viewer");
    this.list = [];
    this.index = 0;
    var self = this;
    this.part("close").addEventListener("click", function () { self.dialog.close(); });
    this.part("prev").addEventListener("click", function () { self.show(self.index - 1); });
    this.part("next").addEventListener("click", function () { self.show(self.index + 1); });
  }

  Viewer.prototype.part = function (name) { return this.dialog.querySelector("[data-part=" + name + "]"); };

  /* Open a list of evidence items ([article, start, end]) at position ``index``. */
  Viewer.prototype.open = function (list, index, caption) {
    this.list = list;
    this.part("caption").textContent = caption || "";
    if (!this.dialog.open) this.dialog.showModal();
    this.show(index || 0);
  };

  Viewer.prototype.show = function (index) {
    var self = this;
    if (index < 0 || index >= this.list.length) return;
    this.index = index;
    var item = this.list[index];
    this.part("counter").textContent = this.list.length > 1 ? "source " + (index + 1) + " of " + this.list.length : "";
    this.part("prev").disabled = index === 0;
    this.part("next").disabled = index === this.list.length - 1;
    this.part("title").textContent = this.ctx.meta(item[0]).title;
    this.part("text").textContent = "loading…";
    this.ctx.article(item[0]).then(function (article) {
      if (self.list[self.index] !== item) return;
      self.render(article, item[1], item[2]);
    }, function (error) {
      self.part("text").textContent = String(error.message || error);
    });
  };

  Viewer.prototype.render = function (article, start, end) {
    this.part("title").textContent = article.title || article.id;
    var bits = [article.source || "unknown outlet", humanDate(article.published)];
    if (article.published_from) bits.push("date from " + article.published_from);
    if (article.language) bits.push("language " + article.language);
    if (article.copy_type) bits.push(article.copy_type);
    this.part("meta").textContent = bits.join(" · ");
    var flags = this.part("flags");
    flags.textContent = "";
    (article.flags || []).forEach(function (flag) { flags.appendChild(h("span", { "class": "flag" }, flag)); });
    var body = this.part("text");
    body.textContent = "";
    var text = article.text || "";
    var mark = null;
    if (typeof start === "number" && typeof end === "number" && start >= 0 && end <= text.length && start < end) {
      mark = h("mark", { "class": "evidence", id: "evidence-mark" }, text.slice(start, end));
      append(body, [text.slice(0, start), mark, text.slice(end)]);
    } else {
      body.appendChild(document.createTextNode(text));
      this.part("caption").textContent += start === null || start === undefined ? "" : " (span out of range)";
    }
    var removed = this.part("removed");
    removed.textContent = "";
    var pieces = article.removed || [];
    this.part("removed-head").textContent = pieces.length ?
      plural(pieces.length, "piece") + " of boilerplate removed before analysis (not part of the text above)" : "";
    pieces.forEach(function (piece) {
      removed.appendChild(h("li", { "class": "removed" }, h("span", { "class": "reason" }, piece.reason), " ", piece.text));
    });
    if (mark) mark.scrollIntoView({ block: "center" });
    else body.scrollTop = 0;
  };

  function evidenceButton(ctx, list, index, caption, label) {
    var button = h("button", { type: "button", "class": "evidence-link" }, label || ctx.label(list[index][0]));
    button.addEventListener("click", function () { ctx.viewer.open(list, index, caption); });
    return button;
  }

  /* -- timeline ------------------------------------------------------------------------------- */

  function actorsLabel(row) {
    var who = row.source ? row.source.name : "?";
    if (row.target) who += " → " + row.target.name;
    return who;
  }

  function rowCaption(row) {
    return (row.negated ? "NOT " : "") + row.type + (row.mode ? " (" + row.mode + ")" : "") + ": " + actorsLabel(row) +
      " — " + humanDate(row.date) + ", " + (STATUSES[row.status] || row.status).toLowerCase() + ", " +
      plural(row.articles, "article");
  }

  function marker(row, x0, x1, y) {
    var cls = "mk st-" + row.status + " q-" + row.quad + (row.negated ? " negated" : "");
    var group = s("g", { "class": "tl-event", "data-status": row.status, "data-quad": row.quad, tabindex: 0 });
    var bar = row.span[0] !== row.span[1] && x1 - x0 > 6;  // a week or a month, not a day
    if (bar) group.appendChild(s("rect", { "class": cls + " period", x: x0, y: y - 5, width: x1 - x0, height: 10, rx: 4 }));
    var x = bar ? x0 : (x0 + x1) / 2;
    if (row.status === "historical") {
      group.appendChild(s("rect", { "class": cls, x: x - 6, y: y - 6, width: 12, height: 12 }));
    } else if (row.status === "hypothetical") {
      group.appendChild(s("path", { "class": cls, d: "M" + x + " " + (y - 7) + "l7 7l-7 7l-7-7z" }));
    } else {
      group.appendChild(s("circle", { "class": cls, cx: x, cy: y, r: 6.5 }));
    }
    if (row.negated) group.appendChild(s("line", { "class": "strike", x1: x - 8, y1: y + 8, x2: x + 8, y2: y - 8 }));
    return tip(group, rowCaption(row));
  }

  function ticks(from, to) {
    var span = (to - from) / DAY, list = [], d = new Date(from);
    if (span <= 16) {
      for (var t = from; t <= to; t += DAY) list.push([t, new Date(t).getUTCDate() + " " + MONTHS[new Date(t).getUTCMonth()]]);
    } else if (span <= 120) {
      for (t = from; t <= to; t += 7 * DAY) list.push([t, new Date(t).getUTCDate() + " " + MONTHS[new Date(t).getUTCMonth()]]);
    } else if (span <= 1100) {
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      for (; d.getTime() <= to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
        list.push([d.getTime(), MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear()]);
      }
    } else {
      d = new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
      for (; d.getTime() <= to; d = new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1))) {
        list.push([d.getTime(), String(d.getUTCFullYear())]);
      }
    }
    var step = Math.ceil(list.length / 12);
    return list.filter(function (_, i) { return i % step === 0; });
  }

  function legend(kind) {
    var items = h("ul", { "class": "legend legend-" + kind });
    if (kind === "status") {
      Object.keys(STATUSES).forEach(function (status) {
        var icon = s("svg", { width: 18, height: 18, viewBox: "-9 -9 18 18", "aria-hidden": "true" });
        var cls = "mk st-" + status + " q-other";
        if (status === "historical") icon.appendChild(s("rect", { "class": cls, x: -6, y: -6, width: 12, height: 12 }));
        else if (status === "hypothetical") icon.appendChild(s("path", { "class": cls, d: "M0 -7l7 7l-7 7l-7-7z" }));
        else icon.appendChild(s("circle", { "class": cls, r: 6 }));
        items.appendChild(h("li", {}, icon, " ", STATUSES[status]));
      });
    } else {
      Object.keys(QUADS).forEach(function (quad) {
        if (quad === "other") return;
        items.appendChild(h("li", {}, h("span", { "class": "swatch q-" + quad }), " ", QUADS[quad]));
      });
    }
    return items;
  }

  function renderTimeline(ctx, view) {
    var tl = view.timeline;
    var section = h("section", { "class": "timeline" }, h("h3", {}, "Timeline of events"));
    var total = tl.rows.length + tl.before.length + tl.after.length + tl.undated.length;
    if (!total) {
      section.appendChild(h("p", { "class": "empty" }, "No events were found in this story's articles."));
      return section;
    }
    section.appendChild(h("p", { "class": "hint" },
      "One row per event (mentions of the same event in different articles are merged). Colour: kind of " +
      "interaction; shape: whether it happened, is planned, is background history or hypothetical. " +
      "Click a marker to read the sources."));
    section.appendChild(legend("status"));
    section.appendChild(legend("quad"));
    if (tl.rows.length && tl.from) {
      var left = 330, right = 940, top = 34, rowH = 24;
      var from = day(tl.from) - DAY / 2, to = day(tl.to) + DAY / 2;
      var pad = Math.max(0, 7 * DAY - (to - from)) / 2;  // a story of one day still gets a readable axis
      from -= pad; to += pad;
      var scale = function (iso, end) { return left + (day(iso) + (end ? DAY / 2 : -DAY / 2) - from) / (to - from) * (right - left); };
      var height = top + tl.rows.length * rowH + 10;
      var chart = s("svg", { "class": "timeline-chart", viewBox: "0 0 960 " + height, role: "img",
        "aria-label": "Timeline of " + plural(tl.rows.length, "event") });
      ticks(from + DAY / 2, to - DAY / 2).forEach(function (tick) {
        var x = left + (tick[0] - from) / (to - from) * (right - left);
        chart.appendChild(s("line", { "class": "grid", x1: x, x2: x, y1: top - 6, y2: height - 6 }));
        chart.appendChild(s("text", { "class": "tick", x: x, y: top - 12, "text-anchor": "middle" }, tick[1]));
      });
      tl.rows.forEach(function (row, i) {
        var y = top + i * rowH + rowH / 2;
        if (i % 2) chart.appendChild(s("rect", { "class": "band", x: 0, y: y - rowH / 2, width: 960, height: rowH }));
        chart.appendChild(tip(s("text", { "class": "row-label", x: 8, y: y + 4 },
          clip((row.negated ? "not " : "") + row.type + " · " + actorsLabel(row), 48)), rowCaption(row)));
        var x0 = Math.max(left, scale(row.span[0])), x1 = Math.min(right, scale(row.span[1], true));
        var mk = marker(row, x0, x1, y);
        mk.addEventListener("click", function () { ctx.viewer.open(row.evidence, 0, rowCaption(row)); });
        mk.addEventListener("keydown", function (e) { if (e.key === "Enter") ctx.viewer.open(row.evidence, 0, rowCaption(row)); });
        chart.appendChild(mk);
      });
      section.appendChild(h("div", { "class": "chart-box" }, chart));
      if (tl.hidden) section.appendChild(h("p", { "class": "hint" }, plural(tl.hidden, "more event") + " not drawn."));
    }
    [["before", "Earlier background"], ["after", "Later, or planned far ahead"], ["undated", "Undated events"]]
      .forEach(function (part) {
        if (!tl[part[0]].length) return;
        var list = h("ul", { "class": "event-list" });
        tl[part[0]].forEach(function (row) {
          list.appendChild(h("li", { "class": "st-text-" + row.status }, h("span", { "class": "swatch q-" + row.quad }), " ",
            humanDate(row.date), " — ", rowCaption(row).replace(/ — .*$/, ""), " (", (STATUSES[row.status] || row.status).toLowerCase(), ") ",
            evidenceButton(ctx, row.evidence, 0, rowCaption(row), "sources")));
        });
        section.appendChild(h("h4", {}, part[1] + " (" + tl[part[0]].length + ")"));
        section.appendChild(list);
      });
    return section;
  }

  /* -- actor network -------------------------------------------------------------------------- */

  /* Deterministic force-directed layout (nodes start on a circle; no randomness). */
  function layout(nodes, edges, width, height) {
    var n = nodes.length, pos = nodes.map(function (_, i) {
      var a = 2 * Math.PI * i / Math.max(n, 1);
      return { x: width / 2 + Math.cos(a) * width / 3, y: height / 2 + Math.sin(a) * height / 3 };
    });
    var index = {};
    nodes.forEach(function (node, i) { index[node.id] = i; });
    var k = Math.sqrt(width * height / Math.max(n, 1)) * 0.6, temp = width / 8;
    for (var it = 0; it < 250; it++) {
      var disp = pos.map(function () { return { x: 0, y: 0 }; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.max(Math.hypot(dx, dy), 0.01);
          var f = k * k / d;
          disp[i].x += dx / d * f; disp[i].y += dy / d * f; disp[j].x -= dx / d * f; disp[j].y -= dy / d * f;
        }
      }
      edges.forEach(function (edge) {
        var a = index[edge.source], b = index[edge.target];
        var dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y, d = Math.max(Math.hypot(dx, dy), 0.01);
        var f = d * d / k;
        disp[a].x -= dx / d * f; disp[a].y -= dy / d * f; disp[b].x += dx / d * f; disp[b].y += dy / d * f;
      });
      for (i = 0; i < n; i++) {
        var len = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01);
        pos[i].x += disp[i].x / len * Math.min(len, temp) + (width / 2 - pos[i].x) * 0.01;
        pos[i].y += disp[i].y / len * Math.min(len, temp) + (height / 2 - pos[i].y) * 0.01;
        pos[i].x = Math.min(width - 90, Math.max(90, pos[i].x));
        pos[i].y = Math.min(height - 30, Math.max(30, pos[i].y));
      }
      temp *= 0.98;
    }
    return pos;
  }

  function edgeCaption(ctx, edge, names) {
    var types = Object.keys(edge.types).map(function (t) { return t + (edge.types[t] > 1 ? " ×" + edge.types[t] : ""); });
    return names[edge.source] + " → " + names[edge.target] + ": " + types.join(", ") + " (" + QUADS[edge.quad] + ")" +
      (edge.negated ? ", " + edge.negated + " negated" : "");
  }

  function renderNetwork(ctx, view) {
    var net = view.network;
    var section = h("section", { "class": "network" }, h("h3", {}, "Who did what to whom"));
    if (!net.edges.length) {
      section.appendChild(h("p", { "class": "empty" }, "No events with both an actor and a target in this story."));
      return section;
    }
    section.appendChild(h("p", { "class": "hint" }, "Arrows go from the actor to the target; colour is the PLOVER " +
      "quad class, thickness the number of events. Click an arrow to read the sources."));
    section.appendChild(legend("quad"));
    var width = 960, height = Math.max(320, Math.min(620, 120 + net.nodes.length * 28));
    var pos = layout(net.nodes, net.edges, width, height);
    var index = {}, names = {};
    net.nodes.forEach(function (node, i) { index[node.id] = i; names[node.id] = node.name; });
    var chart = s("svg", { "class": "network-chart", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Actor network of " + plural(net.nodes.length, "actor") });
    var defs = s("defs", {});
    Object.keys(QUADS).forEach(function (quad) {
      defs.appendChild(s("marker", { id: "arrow-" + quad + "-" + view.key, viewBox: "0 0 10 10", refX: 9, refY: 5,
        markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        s("path", { d: "M0 0L10 5L0 10z", "class": "arrowhead q-" + quad })));
    });
    chart.appendChild(defs);
    var pairs = {};
    net.edges.forEach(function (edge) {
      var a = pos[index[edge.source]], b = pos[index[edge.target]];
      var pair = [edge.source, edge.target].sort().join("|");
      var nth = pairs[pair] = (pairs[pair] || 0) + 1;
      var dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
      var r = 16, bend = 18 * nth * (edge.source < edge.target ? 1 : -1);
      var sx = a.x + dx / d * r, sy = a.y + dy / d * r, tx = b.x - dx / d * (r + 2), ty = b.y - dy / d * (r + 2);
      var cx = (sx + tx) / 2 - dy / d * bend, cy = (sy + ty) / 2 + dx / d * bend;
      var caption = edgeCaption(ctx, edge, names);
      var path = s("path", { "class": "edge q-" + edge.quad + (edge.negated === edge.count ? " negated" : ""),
        d: "M" + sx + " " + sy + "Q" + cx + " " + cy + " " + tx + " " + ty, "stroke-width": Math.min(1.5 + edge.count, 7),
        "marker-end": "url(#arrow-" + edge.quad + "-" + view.key + ")", tabindex: 0, "data-quad": edge.quad });
      tip(path, caption);
      path.addEventListener("click", function () { ctx.viewer.open(edge.evidence, 0, caption); });
      chart.appendChild(path);
    });
    net.nodes.forEach(function (node, i) {
      var p = pos[i];
      var g = s("g", { "class": "node sector-" + (node.sector || "none") },
        s("circle", { cx: p.x, cy: p.y, r: 9 + Math.min(node.events, 8) }),
        s("text", { x: p.x, y: p.y + 28, "text-anchor": "middle" }, clip(node.name, 30)));
      tip(g, node.name + (node.country ? " (" + node.country + (node.sector ? ", " + node.sector : "") + ")" : "") +
        ": " + plural(node.events, "event"));
      chart.appendChild(g);
    });
    section.appendChild(h("div", { "class": "chart-box" }, chart));
    if (net.hidden_nodes) section.appendChild(h("p", { "class": "hint" }, plural(net.hidden_nodes, "less active actor") + " not drawn."));
    return section;
  }

  /* -- claims --------------------------------------------------------------------------------- */

  function renderClaims(ctx, view) {
    var section = h("section", { "class": "claims" }, h("h3", {}, "Claims: where sources agree or contradict"));
    if (!view.claims.length) {
      section.appendChild(h("p", { "class": "empty" }, "No cross-source claims recorded for this story."));
      return section;
    }
    view.claims.forEach(function (claim) {
      var caption = claim.subject_name + " — " + claim.attribute;
      var card = h("article", { "class": "claim claim-" + claim.status, "data-claim": claim.id },
        h("h4", {}, h("span", { "class": "badge badge-" + claim.status }, claim.status === "conflict" ? "conflict" : "agree"),
          " ", claim.subject_name, " — ", claim.attribute),
        claim.independent_sources !== null && claim.independent_sources !== undefined ?
          h("p", { "class": "hint" }, plural(claim.independent_sources, "independent source") + " after collapsing copies") : null);
      var list = h("ul", { "class": "claim-values" });
      claim.values.forEach(function (value) {
        var sources = h("span", { "class": "sources" });
        value.evidence.forEach(function (item, i) {
          sources.appendChild(evidenceButton(ctx, value.evidence, i, caption + ": " + value.value));
        });
        list.appendChild(h("li", {}, h("strong", { "class": "value" }, String(value.value)), " ",
          h("span", { "class": "hint" }, "— " + plural(value.articles.length || value.evidence.length, "article") + ": "), sources));
      });
      card.appendChild(list);
      section.appendChild(card);
    });
    return section;
  }

  /* -- statements ----------------------------------------------------------------------------- */

  function markedText(text, marks) {
    var node = h("span", { "class": "wording" }), at = 0;
    marks.forEach(function (range) {
      if (range[0] < at || range[1] > text.length) return;
      append(node, [text.slice(at, range[0]), h("mark", { "class": "drift" }, text.slice(range[0], range[1]))]);
      at = range[1];
    });
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  function renderStatements(ctx, view) {
    var section = h("section", { "class": "statements" }, h("h3", {}, "Statements by speaker"));
    if (!view.statements.length) {
      section.appendChild(h("p", { "class": "empty" }, "No quotations or reported statements in this story."));
      return section;
    }
    section.appendChild(h("p", { "class": "hint" }, "The same statement quoted by several outlets is shown once, with " +
      "every wording. Highlighted words differ from the first published wording (and, in it, words another wording changed)."));
    view.statements.forEach(function (speaker) {
      var block = h("div", { "class": "speaker" }, h("h4", {}, speaker.name, " ",
        h("span", { "class": "hint" }, "— " + plural(speaker.groups.length, "statement"))));
      speaker.groups.forEach(function (group) {
        var evidence = group.wordings.map(function (w) { return [w.article, w.start, w.end]; });
        var box = h("div", { "class": "quote-group", "data-group": group.group },
          group.wordings.length > 1 ? h("p", { "class": "hint" }, plural(group.wordings.length, "wording") + " in " +
            plural(group.articles, "article")) : null);
        group.wordings.forEach(function (wording, i) {
          var facts = [ctx.label(wording.article), wording.kind];
          if (wording.cue) facts.push("“" + wording.cue + "”");
          if (wording.speaker_text && wording.speaker_text !== speaker.name) facts.push("as “" + wording.speaker_text + "”");
          if (i === 0 && group.wordings.length > 1) facts.push("first published wording");
          if (wording.similarity !== null) facts.push(Math.round(wording.similarity * 100) + "% similar");
          box.appendChild(h("blockquote", { "class": "quote kind-" + wording.kind },
            markedText(wording.text, wording.marks),
            h("footer", {}, facts.join(" · "), " ", evidenceButton(ctx, evidence, i, speaker.name + ": statement", "in context"))));
        });
        block.appendChild(box);
      });
      section.appendChild(block);
    });
    return section;
  }

  /* -- articles ------------------------------------------------------------------------------- */

  function renderArticles(ctx, ids, heading) {
    var section = h("section", { "class": "articles" }, h("h3", {}, heading || "Articles"));
    var table = h("table", { "class": "article-table" }, h("thead", {}, h("tr", {},
      h("th", {}, "Title"), h("th", {}, "Outlet"), h("th", {}, "Published"), h("th", {}, "Lang."),
      h("th", {}, "Copy"), h("th", {}, "Quality flags"))));
    var body = h("tbody", {});
    ids.forEach(function (id) {
      var meta = ctx.meta(id);
      var open = h("button", { type: "button", "class": "article-link", "data-article": id }, meta.title || id);
      open.addEventListener("click", function () { ctx.viewer.open([[id, null, null]], 0, ""); });
      body.appendChild(h("tr", { "class": "copy-" + (meta.copy_type || "").replace(/[^a-z]+/gi, "-") },
        h("td", {}, open), h("td", {}, meta.source || "unknown"),
        h("td", {}, humanDate(meta.published), meta.published_from && meta.published_from !== "metadata" ?
          h("span", { "class": "hint" }, " (" + meta.published_from + ")") : null),
        h("td", {}, meta.language || "?"), h("td", {}, meta.copy_type || ""),
        h("td", {}, (meta.flags || []).map(function (f) { return h("span", { "class": "flag" }, f); }))));
    });
    table.appendChild(body);
    section.appendChild(h("div", { "class": "table-box" }, table));
    return section;
  }

  function renderStory(ctx, view, target) {
    target.textContent = "";
    append(target, [renderTimeline(ctx, view), renderNetwork(ctx, view), renderClaims(ctx, view),
      renderStatements(ctx, view), renderArticles(ctx, view.articles, "Articles in this story")]);
  }

  /* -- start ---------------------------------------------------------------------------------- */

  function start() {
    var block = document.getElementById("crosswire-data");
    if (!block) return;
    var data = JSON.parse(block.textContent);
    var mode = document.body.getAttribute("data-mode") || "report";
    var ctx = new Context(data, mode);
    ctx.viewer = new Viewer(ctx);
    (data.stories || []).forEach(function (view, i) {
      view.key = i;
      var holder = document.querySelector("[data-story-index='" + i + "']");
      if (!holder) return;
      var body = holder.querySelector(".story-body");
      var draw = function () {
        if (holder.getAttribute("data-rendered")) return;
        holder.setAttribute("data-rendered", "1");
        renderStory(ctx, view, body);
      };
      if (holder.tagName !== "DETAILS" || holder.open) draw();
      else holder.addEventListener("toggle", draw);
    });
    var all = document.getElementById("all-articles");
    if (all) {
      var draw = function () {
        if (all.getAttribute("data-rendered")) return;
        all.setAttribute("data-rendered", "1");
        all.querySelector(".story-body").appendChild(renderArticles(ctx, Object.keys(ctx.articles).sort(function (a, b) {
          return (ctx.articles[a].published || "9999").localeCompare(ctx.articles[b].published || "9999") || a.localeCompare(b);
        }), "Every article"));
      };
      if (all.open) draw(); else all.addEventListener("toggle", draw);
    }
    window.__crosswireReady = true;
    document.body.setAttribute("data-ready", "1");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
