// Open the catalog's collapsed filters (<details class="more-filters">) on wide screens,
// where they fit beside the search box; phones keep them behind their button.
(function () {
  var wide = window.matchMedia("(min-width: 48rem)");
  if (!wide.matches) return;
  document.querySelectorAll("details.more-filters").forEach(function (d) { d.open = true; });
})();
