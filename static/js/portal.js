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

// Formsets: "add" clones the empty form in <template id="PREFIX-empty"> with the next index.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  document.getElementById(`${prefix}-forms`).insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});

// The register form proposes the issuer's next number in its own series for the year.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-next-number-url]");
  if (!button) return;
  const issuer = document.getElementById("id_issuer");
  const typeCode = document.getElementById("id_type_code");
  const date = document.getElementById("id_issue_date");
  if (!issuer || !issuer.value) {
    alert("Hãy chọn cơ quan ban hành trước.");
    return;
  }
  const params = new URLSearchParams({
    issuer: issuer.value,
    type_code: typeCode ? typeCode.value : "",
    year: date && date.value ? date.value.slice(0, 4) : "",
  });
  fetch(`${button.dataset.nextNumberUrl}?${params}`, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      document.getElementById("id_number_symbol").value = data.number_symbol;
    });
});

// Multiple choices (lead and coordinating bodies) become searchable tag pickers.
function enhanceMultiSelects(root) {
  root.querySelectorAll("select[multiple]:not(.tomselected)").forEach((select) => {
    if (select.closest("template")) return;
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: 500 });
  });
}
document.addEventListener("DOMContentLoaded", () => enhanceMultiSelects(document));
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-formset-add]")) {
    setTimeout(() => enhanceMultiSelects(document), 0);
  }
});
