// The assessment grid of "An toàn về ANTT" (templates/safety_ratings/grid.html).
//
// Every cell is reachable from the keyboard (one cell in the tab order at a time, arrows move)
// and is saved at once through an htmx POST that swaps back only its row. Requests go one
// after another, each aimed at the row by id when it is sent, so a fast typist's edits are
// neither lost nor shown out of order. A refusal comes back inside the row (status 422); a
// failure that returns no row (network, expired session, server error) is written in the row,
// and what was typed is kept in its input.
(function () {
  "use strict";

  const GRID = "[data-ratings-grid]";
  const CELL = "[data-grid-cell]";
  const ROW = "tr[data-grid-row]";
  const KEY_VALUES = { d: "dat", "đ": "dat", k: "khong_dat" };
  const MSG_NETWORK =
    "Không lưu được do mất kết nối; ô vừa sửa CHƯA được lưu. Hãy thử lại.";
  const MSG_UNEXPECTED =
    "Không lưu được (phiên đăng nhập đã hết hoặc lỗi máy chủ); ô vừa sửa CHƯA được lưu. " +
    "Hãy tải lại trang.";

  let queue = Promise.resolve();
  let inFlight = 0;
  // Row id → the field whose save is on its way, and what the row held just before its swap
  // (typed values, response status, focused column).
  const triggers = new Map();
  const beforeSwap = new Map();

  function gridOf(element) {
    return element && element.closest ? element.closest(GRID) : null;
  }

  function cellsOf(row) {
    return Array.from(row.querySelectorAll(CELL));
  }

  function rowsOf(grid) {
    return Array.from(grid.querySelectorAll(ROW));
  }

  function activate(cell) {
    const grid = gridOf(cell);
    if (!grid) return;
    grid.querySelectorAll(CELL + '[tabindex="0"]').forEach((other) => {
      if (other !== cell) other.tabIndex = -1;
    });
    cell.tabIndex = 0;
    const info = document.getElementById("grid-focus-info");
    if (info) info.textContent = cell.dataset.info || "";
  }

  function focusCell(cell) {
    if (!cell) return false;
    activate(cell);
    cell.focus();
    if (cell.tagName === "INPUT") cell.select();
    return true;
  }

  // Keep exactly one cell in the tab order, so Tab enters and leaves the grid in one step.
  function ensureEntry(grid) {
    if (!grid || grid.querySelector(CELL + '[tabindex="0"]')) return;
    const focused = document.activeElement;
    if (focused && grid.contains(focused) && focused.matches(CELL)) activate(focused);
    else {
      const first = grid.querySelector(CELL);
      if (first) first.tabIndex = 0;
    }
  }

  function verticalTarget(cell, step) {
    const row = cell.closest(ROW);
    const rows = rowsOf(gridOf(cell));
    const position = cellsOf(row).indexOf(cell);
    for (let index = rows.indexOf(row) + step; index >= 0 && index < rows.length; index += step) {
      const same = rows[index].querySelector(`${CELL}[data-col="${cell.dataset.col}"]`);
      if (same) return same;
      const cells = cellsOf(rows[index]);
      if (cells.length) return cells[Math.min(position, cells.length - 1)];
    }
    return null;
  }

  function horizontalTarget(cell, step) {
    const cells = cellsOf(cell.closest(ROW));
    return cells[cells.indexOf(cell) + step] || null;
  }

  function showError(rowId, message) {
    const row = document.getElementById(rowId);
    if (!row) return;
    row.classList.add("table-danger");
    const slot = row.querySelector("[data-row-error]");
    if (slot) slot.textContent = message;
  }

  // After htmx has settled the new row (settling rewrites its classes): put back what was typed
  // and not saved, mark a refused value, and give focus back when its cell is gone.
  function restoreRow(row) {
    const saved = beforeSwap.get(row.id);
    beforeSwap.delete(row.id);
    if (!saved) return;
    Object.entries(saved.typed).forEach(([name, value]) => {
      const input = row.querySelector(`input[name="${name}"]`);
      if (!input) return;
      if (name === saved.trigger && saved.status === 200) return; // saved: the row shows it
      input.value = value;
      if (name === saved.trigger) input.classList.add("is-invalid");
    });
    const focused = document.activeElement;
    if (saved.focusCol && (!focused || focused === document.body)) {
      const cells = cellsOf(row);
      focusCell(row.querySelector(`${CELL}[data-col="${saved.focusCol}"]`) || cells.pop());
    }
    ensureEntry(gridOf(row));
  }

  // Send one edit after the previous ones; the row is looked up by id when the edit is sent.
  function post(row, url, values, trigger) {
    const rowId = row.id;
    inFlight += 1;
    queue = queue
      .then(() => {
        if (!document.getElementById(rowId)) return null;
        triggers.set(rowId, trigger || "");
        return htmx.ajax("POST", url, { target: "#" + rowId, swap: "outerHTML", values: values });
      })
      .catch(() => showError(rowId, MSG_NETWORK))
      .finally(() => {
        inFlight -= 1;
      });
    return queue;
  }

  function saveVerdict(cell, value) {
    cell.classList.add("opacity-50");
    post(cell.closest(ROW), cell.dataset.cellUrl, {
      criterion: cell.dataset.criterion,
      value: value,
    });
  }

  function saveField(input) {
    if (input.value === input.defaultValue || input.value === input.dataset.sent) return;
    input.dataset.sent = input.value;
    post(input.closest(ROW), input.dataset.fieldUrl, { [input.name]: input.value }, input.name);
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!target || !target.matches || !target.matches(ROW)) return;
    const text = event.detail.serverResponse || "";
    if (!text.includes("data-grid-row")) {
      // The login page after an expired session, or an error page: never swapped into a row.
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      showError(target.id, MSG_UNEXPECTED);
      return;
    }
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    const typed = {};
    target.querySelectorAll("input[name]").forEach((input) => {
      if (input.value !== input.defaultValue) typed[input.name] = input.value;
    });
    const focused = document.activeElement;
    beforeSwap.set(target.id, {
      typed: typed,
      status: event.detail.xhr.status,
      trigger: triggers.get(target.id) || "",
      focusCol: focused && target.contains(focused) ? focused.dataset.col : null,
    });
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const row = event.target;
    if (row && row.matches && row.matches(ROW)) restoreRow(row);
  });

  document.addEventListener("focusin", (event) => {
    const cell = event.target.closest && event.target.closest(CELL);
    if (cell && gridOf(cell)) activate(cell);
  });

  document.addEventListener("focusout", (event) => {
    const input = event.target;
    if (input.tagName === "INPUT" && input.dataset.fieldUrl && gridOf(input)) saveField(input);
  });

  document.addEventListener("click", (event) => {
    const cell = event.target.closest && event.target.closest(CELL);
    if (!cell || !gridOf(cell)) return;
    if (cell.dataset.cellUrl) saveVerdict(cell, cell.dataset.next);
    else if (cell.dataset.actionUrl) post(cell.closest(ROW), cell.dataset.actionUrl, {});
  });

  document.addEventListener("keydown", (event) => {
    const cell = event.target.closest && event.target.closest(CELL);
    if (!cell || !gridOf(cell) || event.altKey || event.ctrlKey || event.metaKey) return;
    const isInput = cell.tagName === "INPUT";
    const row = cell.closest(ROW);
    let target = null;
    switch (event.key) {
      case "ArrowUp":
        target = verticalTarget(cell, -1);
        break;
      case "ArrowDown":
        target = verticalTarget(cell, 1);
        break;
      case "ArrowLeft":
        if (isInput && (cell.selectionStart !== 0 || cell.selectionEnd !== 0)) return;
        target = horizontalTarget(cell, -1);
        break;
      case "ArrowRight":
        if (isInput && cell.selectionEnd < cell.value.length) return;
        target = horizontalTarget(cell, 1);
        break;
      case "Home":
        if (isInput) return;
        target = cellsOf(row)[0];
        break;
      case "End":
        if (isInput) return;
        target = cellsOf(row).pop();
        break;
      case "Enter":
        if (!isInput) return; // a button: the browser clicks it (toggle)
        saveField(cell);
        target = verticalTarget(cell, 1);
        break;
      case "Escape":
        if (!isInput) return;
        cell.value = cell.defaultValue;
        cell.classList.remove("is-invalid");
        event.preventDefault();
        return;
      case "Delete":
      case "Backspace":
        if (isInput || !cell.dataset.cellUrl) return;
        event.preventDefault();
        saveVerdict(cell, "");
        return;
      default: {
        const value = KEY_VALUES[event.key.toLowerCase()];
        if (isInput || !cell.dataset.cellUrl || !value) return;
        event.preventDefault();
        saveVerdict(cell, value);
        return;
      }
    }
    event.preventDefault();
    focusCell(target);
  });

  // Leaving the page with a typed value not yet sent, or an edit still on its way.
  window.addEventListener("beforeunload", (event) => {
    const unsent = Array.from(document.querySelectorAll(`${GRID} input${CELL}`)).some(
      (input) => input.value !== input.defaultValue && input.value !== input.dataset.sent,
    );
    if (unsent || inFlight > 0) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(GRID).forEach(ensureEntry);
  });
})();
