// The rated-unit form shows only the fields of the chosen kind (local type for a residential
// area, size for an enterprise, level for a school, armed forces for an agency). Without
// JavaScript every field stays visible and the server ignores those of other kinds.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-kind-form]");
  if (!form) return;
  const kind = form.querySelector("select[name=kind]");
  if (!kind) return;
  const update = () => {
    form.querySelectorAll(".kind-field[data-kinds]").forEach((block) => {
      const kinds = block.dataset.kinds.split(" ");
      block.hidden = !kinds.includes(kind.value);
    });
  };
  kind.addEventListener("change", update);
  update();
});
