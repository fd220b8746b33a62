// Progressive enhancement: hide a question until the earlier answer it depends on
// matches. Without this script, every question shows with its "if…" hint and the
// server ignores answers to questions that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.demarche-form");
  if (!form) return;
  function answer(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value) values.push(input.value);
    });
    return values;
  }
  function update() {
    form.querySelectorAll("[data-condition]").forEach(function (item) {
      var values = answer(item.dataset.condition);
      var op = item.dataset.operator;
      var matches = values.indexOf(item.dataset.value) !== -1;
      var show = op === "filled" ? values.length > 0 : op === "equals" ? matches : values.length > 0 && !matches;
      item.hidden = !show;
      var hint = item.querySelector(".condition-hint");
      if (hint) hint.hidden = true;
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
