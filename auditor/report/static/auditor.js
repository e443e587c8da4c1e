/* auditor report: the index's tables (sorted, filtered and paged from JSON data blocks),
   finding filters and keyboard navigation on document pages.
   No network access, no eval, no inline handlers, no HTML built from data (the pages
   forbid them by CSP; every text goes in through textContent). */
(function () {
  "use strict";

  var PAGE_SIZE = 100;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function scoreBand(score) {
    return score >= 50 ? "score-high" : score >= 20 ? "score-medium" : "score-low";
  }

  /* Rows of the documents table, from its JSON data block. */
  function documentRows(data) {
    var at = {};
    data.columns.forEach(function (name, i) { at[name] = i; });
    return data.rows.map(function (values, order) {
      var row = { order: order };
      data.columns.forEach(function (name) { row[name] = values[at[name]]; });
      row.search = (row.title + " " + row.path + " " + row.id).toLowerCase();
      return row;
    });
  }

  function renderDocument(row, data) {
    var tr = el("tr");
    var th = el("th", { scope: "row" });
    th.appendChild(el("a", { href: row.href }, row.title));
    th.appendChild(el("br"));
    th.appendChild(el("span", { "class": "path" }, row.path + " · " + row.id));
    tr.appendChild(th);
    var verdict = el("td");
    verdict.appendChild(el("span", { "class": "verdict verdict-" + row.verdict }, data.verdicts[row.verdict]));
    if (row.reasons) {
      verdict.appendChild(el("br"));
      verdict.appendChild(el("span", { "class": "reasons" }, row.reasons));
    }
    tr.appendChild(verdict);
    var score = el("td");
    score.appendChild(el("span", { "class": "score " + scoreBand(row.score) }, row.score.toFixed(1)));
    tr.appendChild(score);
    data.columns.slice(data.columns.indexOf("error"), data.columns.indexOf("reading_ease")).forEach(function (name) {
      tr.appendChild(el("td", null, String(row[name])));
    });
    ["reading_ease", "grade", "words"].forEach(function (name) {
      tr.appendChild(el("td", null, row[name] === null ? "–" : String(row[name])));
    });
    return tr;
  }

  /* Rows of the facts table. */
  function factRows(data) {
    return data.rows.map(function (values, order) {
      var row = { order: order, key: values[0], conflict: values[1], values: values[2] };
      row.search = (row.key + " " + row.values.map(function (v) { return v[1] + " " + v[2]; }).join(" ")).toLowerCase();
      return row;
    });
  }

  function renderFact(row) {
    var tr = el("tr", row.conflict ? { "class": "conflict" } : null);
    tr.appendChild(el("th", { scope: "row" }, row.key));
    var cell = el("td");
    row.values.forEach(function (v, i) {
      if (i) cell.appendChild(document.createTextNode("; "));
      cell.appendChild(el("a", { href: documentHref(v[0], v[3]) }, v[2]));
      cell.appendChild(document.createTextNode(" (" + v[1] + ")"));
    });
    tr.appendChild(cell);
    tr.appendChild(el("td", null, row.conflict ? "conflict" : "agrees"));
    return tr;
  }

  function documentHref(id, offset) {
    if (document.body.hasAttribute("data-single-file")) {
      return "#doc/" + id + (offset === undefined ? "" : "/o" + offset);
    }
    return "docs/" + id + ".html" + (offset === undefined ? "" : "#o" + offset);
  }

  /* The single-file report: every document page is an inert <template>; #doc/ID shows one
     (#doc/ID/ANCHOR also scrolls to an anchor in it), anything else shows the index.
     Anchors inside the page shown (#f3, #item-f3, #o120) are followed inside it, and the
     :target styles are imitated with the class "targeted". */
  function SingleFile() {
    var view = document.getElementById("document-view");
    var body = document.body;
    var indexTitle = document.title;
    var current = null;

    function mark(id) {
      document.querySelectorAll(".targeted").forEach(function (n) { n.classList.remove("targeted"); });
      if (!id) return;
      var node = document.getElementById(id);
      if (node && view.contains(node)) {
        node.classList.add("targeted");
        node.scrollIntoView({ block: "center" });
      }
    }

    function show() {
      var route = /^#doc\/([^\/]+)(?:\/(.+))?$/.exec(window.location.hash);
      var template = route ? document.getElementById("doc-" + route[1]) : null;
      if (!template || template.tagName !== "TEMPLATE") {
        body.classList.remove("showing-document");
        view.textContent = "";
        current = null;
        ["data-prev", "data-next", "data-index"].forEach(function (a) { body.removeAttribute(a); });
        document.title = indexTitle;
        return;
      }
      if (current !== route[1]) {
        view.textContent = "";
        view.appendChild(template.content.cloneNode(true));
        current = route[1];
        ["data-prev", "data-next", "data-index"].forEach(function (a) { body.setAttribute(a, template.getAttribute(a)); });
        document.title = template.getAttribute("data-title") + " · auditor";
        bindFindingFilters();
        window.scrollTo(0, 0);
      }
      body.classList.add("showing-document");
      mark(route[2]);
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link || current === null) return;
      var href = link.getAttribute("href");
      if (href.indexOf("#doc/") === 0 || href === "#index") return;  // a route: the hash changes
      event.preventDefault();
      window.history.replaceState(null, "", "#doc/" + current + "/" + href.slice(1));
      mark(href.slice(1));
    });
    window.addEventListener("hashchange", show);
    show();
  }

  function compareBy(key, type) {
    return function (a, b) {
      var x = a[key], y = b[key];
      if (type === "count") { x = x.length; y = y.length; }
      else if (type === "flag") { x = x ? 1 : 0; y = y ? 1 : 0; }
      else if (type === "number") {
        x = x === null ? -Infinity : x; y = y === null ? -Infinity : y;
      } else { x = String(x).toLowerCase(); y = String(y).toLowerCase(); }
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }

  /* A table whose rows live in a JSON data block: sorted, filtered and shown a page at a
     time, so it opens at once with a hundred thousand rows. */
  function DataTable(table) {
    var source = document.getElementById(table.getAttribute("data-source"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var isDocuments = table.id === "documents";
    var rows = isDocuments ? documentRows(data) : factRows(data);
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-key]"));
    var pager = document.querySelector("[data-pager='" + table.id + "']");
    var status = document.getElementById(table.id + "-status");
    var noun = isDocuments ? "documents" : "facts";
    var state = { key: table.getAttribute("data-sort"), direction: table.getAttribute("data-direction") || "ascending",
                  query: "", choices: {}, flags: {}, page: 0 };
    var view = null;

    function typeOf(key) {
      var th = headers.filter(function (h) { return h.getAttribute("data-key") === key; })[0];
      return th ? th.getAttribute("data-type") : "text";
    }

    function compute() {
      var q = state.query;
      view = rows.filter(function (row) {
        if (q && row.search.indexOf(q) === -1) return false;
        for (var c in state.choices) if (state.choices[c] && String(row[c]) !== state.choices[c]) return false;
        for (var f in state.flags) if (state.flags[f] && !row[f]) return false;
        return true;
      });
      if (state.key) {
        var cmp = compareBy(state.key, typeOf(state.key)), sign = state.direction === "descending" ? -1 : 1;
        view.sort(function (a, b) { return sign * cmp(a, b) || a.order - b.order; });
      }
    }

    function render() {
      if (view === null) compute();
      var pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      var start = state.page * PAGE_SIZE, shown = view.slice(start, start + PAGE_SIZE);
      var body = document.createElement("tbody");
      shown.forEach(function (row) { body.appendChild(isDocuments ? renderDocument(row, data) : renderFact(row)); });
      table.replaceChild(body, table.tBodies[0]);
      headers.forEach(function (h) {
        if (h.getAttribute("data-key") === state.key) h.setAttribute("aria-sort", state.direction);
        else h.removeAttribute("aria-sort");
      });
      var sortedBy = state.key ? ", sorted by " + headers.filter(function (h) {
        return h.getAttribute("data-key") === state.key; })[0].textContent.trim() + " (" + state.direction + ")" : "";
      status.textContent = view.length ? "Showing " + (start + 1) + "–" + (start + shown.length) + " of " + view.length +
        " " + noun + (view.length < rows.length ? " (of " + rows.length + ")" : "") + sortedBy + "." :
        "No " + noun + " match.";
      renderPager(pages);
      table.setAttribute("data-rendered", "");  // for tests and benchmarks: the table is drawn
    }

    function renderPager(pages) {
      if (!pager) return;
      pager.hidden = pages < 2;
      pager.textContent = "";
      var previous = el("button", { type: "button", "data-page": "previous" }, "← Previous");
      var next = el("button", { type: "button", "data-page": "next" }, "Next →");
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      previous.addEventListener("click", function () { state.page -= 1; render(); });
      next.addEventListener("click", function () { state.page += 1; render(); });
      pager.appendChild(previous);
      pager.appendChild(el("span", { "class": "page-number" }, " Page " + (state.page + 1) + " of " + pages + " "));
      pager.appendChild(next);
    }

    headers.forEach(function (th) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key"), type = th.getAttribute("data-type");
        if (state.key === key) state.direction = state.direction === "ascending" ? "descending" : "ascending";
        else state.direction = type === "text" ? "ascending" : "descending";  // biggest first for numbers
        state.key = key;
        state.page = 0;
        view = null;
        render();
      });
    });
    document.querySelectorAll("[data-table-filter='" + table.id + "']").forEach(function (input) {
      input.addEventListener("input", function () {
        state.query = input.value.trim().toLowerCase(); state.page = 0; view = null; render();
      });
    });
    document.querySelectorAll("[data-table-choice='" + table.id + "']").forEach(function (select) {
      select.addEventListener("change", function () {
        state.choices[select.getAttribute("data-column")] = select.value; state.page = 0; view = null; render();
      });
    });
    document.querySelectorAll("[data-table-flag='" + table.id + "']").forEach(function (box) {
      box.addEventListener("change", function () {
        state.flags[box.getAttribute("data-column")] = box.checked; state.page = 0; view = null; render();
      });
    });
    render();
  }

  function bindFindingFilters() {
    var boxes = document.querySelectorAll("[data-filter-severity], [data-filter-family]");
    function apply() {
      var hiddenSev = {}, hiddenFam = {};
      boxes.forEach(function (b) {
        if (b.checked) return;
        if (b.hasAttribute("data-filter-severity")) hiddenSev[b.getAttribute("data-filter-severity")] = true;
        else hiddenFam[b.getAttribute("data-filter-family")] = true;
      });
      document.querySelectorAll(".finding").forEach(function (li) {
        var hide = hiddenSev[li.getAttribute("data-severity")] || hiddenFam[li.getAttribute("data-family")];
        li.classList.toggle("hidden-by-filter", !!hide);
      });
      document.querySelectorAll(".hl").forEach(function (mark) {
        var sev = (mark.className.match(/sev-(\w+)/) || [])[1];
        var fams = (mark.className.match(/fam-[\w-]+/g) || []).map(function (c) { return c.slice(4); });
        var allHidden = fams.length > 0 && fams.every(function (f) { return hiddenFam[f]; });
        mark.classList.toggle("filtered", !!(hiddenSev[sev] || allHidden));
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
  }

  function bindKeys() {
    var body = document.body;
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") return;
      var target = null;
      if (event.key === "n") target = body.getAttribute("data-next");
      else if (event.key === "p") target = body.getAttribute("data-prev");
      else if (event.key === "i") target = body.getAttribute("data-index");
      if (target) window.location.href = target;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.data-table").forEach(DataTable);
    if (document.body.hasAttribute("data-single-file")) SingleFile();
    bindFindingFilters();
    bindKeys();
  });
})();
