// Owners chosen by typing: enhances the plain multiple select of people, teams and
// organisations with GOV.UK's accessible-autocomplete. Without JavaScript (or if the
// autocomplete did not load) the multiple select works as it is. The select stays in the
// form, hidden, and is what is submitted: this script only selects and unselects options.

function announce(region, text) {
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

function enhance(select) {
  const autocomplete = window.accessibleAutocomplete;
  if (!autocomplete || select.dataset.enhanced) return;
  select.dataset.enhanced = "true";
  const options = Array.from(select.options);
  const label = document.querySelector(`label[for="${select.id}"]`);
  const hintId = (select.getAttribute("aria-describedby") || "").split(" ").find((id) => id.endsWith("hint"));
  const hint = hintId && document.getElementById(hintId);
  if (hint) hint.textContent = "Start typing a name, then choose it from the list. Add as many people, teams and organisations as you need.";

  const picker = document.createElement("div");
  picker.className = "app-owner-picker";
  const chosenHeading = document.createElement("p");
  chosenHeading.className = "govuk-body govuk-!-margin-bottom-1 govuk-!-font-weight-bold";
  chosenHeading.id = `${select.id}-chosen-heading`;
  chosenHeading.textContent = "Chosen owners";
  const chosen = document.createElement("ul");
  chosen.className = "govuk-list app-owner-picker__chosen";
  chosen.setAttribute("aria-labelledby", chosenHeading.id);
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  const box = document.createElement("div");
  box.className = "app-owner-picker__input";
  picker.append(box, chosenHeading, chosen, status);
  select.after(picker);
  select.hidden = true;

  const inputId = `${select.id}-autocomplete`;
  if (label) label.htmlFor = inputId;

  function render() {
    chosen.replaceChildren();
    const selected = options.filter((option) => option.selected);
    if (!selected.length) {
      const none = document.createElement("li");
      none.textContent = "None chosen yet";
      chosen.append(none);
    }
    for (const option of selected) {
      const item = document.createElement("li");
      item.className = "app-owner-picker__owner";
      const name = document.createElement("span");
      name.textContent = option.text;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2 app-owner-picker__remove";
      remove.textContent = "Remove";
      const hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = ` ${option.text}`;
      remove.append(hidden);
      remove.addEventListener("click", () => {
        option.selected = false;
        render();
        announce(status, `${option.text} removed`);
        document.getElementById(inputId)?.focus();
      });
      item.append(name, remove);
      chosen.append(item);
    }
  }

  function matches(query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return options
      .filter((option) => !option.selected)
      .map((option) => option.text)
      .filter((text) => words.every((word) => text.toLowerCase().includes(word)));
  }

  autocomplete({
    element: box,
    id: inputId,
    name: "",
    source: (query, populate) => populate(matches(query)),
    minLength: 1,
    showNoOptionsFound: true,
    confirmOnBlur: false,
    displayMenu: "overlay",
    tNoResults: () => "No names found: add a new name below",
    onConfirm: (text) => {
      const option = options.find((candidate) => candidate.text === text && !candidate.selected);
      if (!option) return;
      option.selected = true;
      select.append(option); // the order chosen is the order submitted
      render();
      announce(status, `${text} added. ${options.filter((o) => o.selected).length} owners chosen`);
      window.setTimeout(() => {
        const input = document.getElementById(inputId);
        if (input) input.value = "";
      }, 0);
    },
  });
  const input = document.getElementById(inputId);
  if (input && hintId) input.setAttribute("aria-describedby", hintId);
  if (input) input.removeAttribute("name");
  render();
}

function start() {
  document.querySelectorAll('select[data-module="app-owner-picker"]').forEach(enhance);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
