// Progressive enhancement only: every page works without this file.
import { initAll } from "./nhsuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
initAll();

// An organisation switcher submits as soon as a new organisation is chosen; without JavaScript
// the visible button does the same.
for (const select of document.querySelectorAll("[data-submit-on-change]")) {
  select.addEventListener("change", () => select.form.requestSubmit());
}
