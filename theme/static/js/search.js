// Starts Pagefind's search UI on the search page. Every label comes from the
// page itself (data-* attributes written through gettext), so this file holds
// no language; Pagefind picks the index of the page's <html lang>.
window.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("search");
  if (!element || !window.PagefindUI) return;
  const labels = element.dataset;
  const ui = new window.PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: {
      placeholder: labels.placeholder,
      search_label: labels.searchLabel,
      clear_search: labels.clearSearch,
      load_more: labels.loadMore,
      filters_label: labels.filtersLabel,
      zero_results: labels.zeroResults,
      one_result: labels.oneResult,
      many_results: labels.manyResults,
      searching: labels.searching,
    },
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
