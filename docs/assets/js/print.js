// 群策 print support. Buttons marked .qc-print (the printable handbook's) open the browser's print
// dialog; they are hidden in the HTML and shown here, so a reader without scripts never sees a dead one.
// Before printing, closed <details> (self-test answers) are opened and closed again afterwards: print.css
// opens them with ::details-content where the browser has it; this covers the browsers that do not.

function setupPage() {
  document.querySelectorAll(".qc-print").forEach((button) => {
    if (button.dataset.qcPrint) return; // instant navigation may announce the same page again
    button.dataset.qcPrint = "1";
    button.addEventListener("click", () => window.print());
    button.hidden = false;
  });
}

let opened = [];
window.addEventListener("beforeprint", () => {
  opened = [...document.querySelectorAll("details:not([open])")];
  opened.forEach((details) => { details.open = true; });
});
window.addEventListener("afterprint", () => {
  opened.forEach((details) => { details.open = false; });
  opened = [];
});

// Material's instant navigation swaps pages without a reload and announces each through document$.
if (window.document$) window.document$.subscribe(setupPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
else setupPage();
