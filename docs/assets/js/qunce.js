// Page script. It only moves data: form values to the Python worker, the worker's HTML and
// messages to the page, checklist ticks to localStorage. All computing, formatting and
// Chinese text come from Python (pre-rendered in the page or sent by the worker).
// The work is in modules with one job each: python.js (the worker), calculator.js (a calculator
// block), checklist.js, page.js (freshness, edition switch, in-page jumps, offline use); address.js
// keeps every address-bar write within WebKit's allowance, so it is imported first.

import "./address.js";
import { setupCalculator } from "./calculator.js";
import { setupChecklist } from "./checklist.js";
import { offline, showFreshness, startAhead, syncEditionSwitch } from "./page.js";
import { FILLED } from "./print.js";

function setupPage() {
  syncEditionSwitch();
  document.querySelectorAll(".qc-freshness[hidden]").forEach(showFreshness);
  document.querySelectorAll(".qc-calculator").forEach(setupCalculator);
  document.querySelectorAll(".qc-checklist").forEach(setupChecklist);
}

// Material's instant navigation swaps pages without a reload and announces each through document$.
if (window.document$) window.document$.subscribe(setupPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
else setupPage();

// The printable handbook puts its playbooks in later (print.js): their checklists work as on their pages.
document.addEventListener(FILLED, (event) => event.target.querySelectorAll(".qc-checklist").forEach(setupChecklist));

offline();
startAhead();
