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

// The draft page: choosing another channel or tone redrafts at once. Edits the user
// made to the draft are not thrown away silently: they are asked first, and keep
// their text (and the choice they had) if they say no.
document.addEventListener("change", (event) => {
  const target = event.target instanceof HTMLInputElement ? event.target : null;
  const form = target ? target.closest("form[data-redraft]") : null;
  if (!target || !form || target.type !== "radio") {
    return;
  }
  const editor = document.getElementById("draft-text");
  const edited = editor && editor.value !== editor.defaultValue;
  if (edited && !window.confirm("Replace your edited draft with a new one?")) {
    const kept = form.querySelector(`input[name="${target.name}"][data-current]`);
    if (kept) {
      kept.checked = true;
    }
    return;
  }
  form.requestSubmit();
});
