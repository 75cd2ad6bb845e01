// Phones: label each cell of a list table with its column heading, so that the CSS can
// show the rows as cards (site.css, .tx-cards); fold filter forms (.tx-filters) behind a
// button that says how many filters are set. Without this script the desk pages still
// work: the tables stack unlabelled and the filters stay open.
(function () {
  "use strict";

  function labelCells(table) {
    var heads = [];
    table.querySelectorAll("thead tr:last-child th, thead tr:last-child td").forEach(function (th) {
      var span = parseInt(th.getAttribute("colspan") || "1", 10);
      var text = th.classList.contains("tx-card-nolabel") ? "" : th.textContent.trim();
      for (var i = 0; i < span; i++) heads.push(text);
    });
    table.querySelectorAll("tbody > tr").forEach(function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var span = parseInt(cell.getAttribute("colspan") || "1", 10);
        // A row that spans the table (an empty-list message) needs no label.
        if (span === 1 && heads[col] && !cell.hasAttribute("data-label") && !cell.classList.contains("tx-card-title")) {
          cell.setAttribute("data-label", heads[col]);
        }
        // Long content (a reply, a list of links) takes the card's whole width.
        if (cell.textContent.trim().length > 14 || cell.querySelector("input, select, textarea, .btn")) {
          cell.classList.add("tx-card-wide");
        }
        col += span;
      });
    });
  }

  function activeFilters(form) {
    var n = 0;
    form.querySelectorAll("input, select").forEach(function (field) {
      if (field.type === "hidden" || field.type === "submit" || !field.name) return;
      if ((field.type === "checkbox" || field.type === "radio") ? field.checked : field.value) n++;
    });
    return n;
  }

  function foldFilters(form) {
    var button = document.createElement("button");
    var n = activeFilters(form);
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm mb-2 tx-filters-toggle";
    button.setAttribute("aria-expanded", "false");
    button.innerHTML = '<i class="bi bi-funnel me-1"></i>';
    button.appendChild(document.createTextNode(n ? "筛选（已设 " + n + " 项）" : "筛选"));
    form.classList.add("tx-folded");
    button.addEventListener("click", function () {
      var folded = form.classList.toggle("tx-folded");
      button.setAttribute("aria-expanded", folded ? "false" : "true");
    });
    form.parentNode.insertBefore(button, form);
  }

  function init(root) {
    root.querySelectorAll("table.tx-cards").forEach(labelCells);
    root.querySelectorAll("form.tx-filters:not([data-folding])").forEach(function (form) {
      form.setAttribute("data-folding", "");
      foldFilters(form);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // Lists that htmx swaps in (a page of results, a panel) get the same treatment.
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
