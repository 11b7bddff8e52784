// Small enhancements over pages that already work without JavaScript:
// copy a draft, print a brief, go back from an error page.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll(".js-only")) {
    element.hidden = false;
  }
});

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) {
    return;
  }
  const copy = target.closest("[data-copy]");
  if (copy) {
    copyFrom(copy);
  } else if (target.closest("[data-print]")) {
    window.print();
  } else if (target.closest("[data-back]")) {
    history.back();
  }
});

async function copyFrom(button) {
  const source = document.querySelector(button.dataset.copy);
  const status = document.getElementById(button.dataset.status || "");
  if (!source) {
    return;
  }
  const text = "value" in source ? source.value : source.textContent;
  let said = "Copied.";
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // no clipboard permission (an old browser, a locked-down page): select it instead
    source.focus();
    source.select();
    said = "Selected: press Ctrl+C (or ⌘C) to copy.";
  }
  if (status) {
    status.textContent = said;
  }
}
