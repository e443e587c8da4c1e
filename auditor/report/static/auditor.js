/* auditor report: table sorting and filtering, finding filters, keyboard navigation.
   No network access, no eval, no inline handlers (the pages forbid them by CSP). */
(function () {
  "use strict";

  function sortValue(cell, type) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var type = th.getAttribute("data-type") || "text";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[column], type), y = sortValue(b.cells[column], type);
          if (x < y) return ascending ? -1 : 1;
          if (x > y) return ascending ? 1 : -1;
          return 0;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) { fragment.appendChild(r); });
        body.appendChild(fragment);
      });
    });
  }

  function bindTableFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) return;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hay = row.getAttribute("data-search") || row.textContent.toLowerCase();
        row.classList.toggle("hidden-by-filter", q !== "" && hay.indexOf(q) === -1);
      });
    });
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
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    document.querySelectorAll("input[data-filter]").forEach(bindTableFilter);
    bindFindingFilters();
    bindKeys();
  });
})();
