// Unit pickers: a select with data-autocomplete-url searches the server as the user types,
// so pages never hold the 13,000 units of both eras.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autocomplete-url]").forEach((select) => {
    const url = select.dataset.autocompleteUrl;
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      loadThrottle: 250,
      shouldLoad: (query) => query.length >= 2,
      load: (query, callback) => {
        fetch(`${url}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
          .then((response) => response.json())
          .then((data) => callback(data.results))
          .catch(() => callback());
      },
      render: {
        no_results: () => '<div class="no-results">Không tìm thấy đơn vị phù hợp</div>',
      },
    });
  });
});
