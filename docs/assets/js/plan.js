// Loads the campaign plan's script (workbook.js) on the page that has the plan, and nowhere else: every
// page lists this module (mkdocs.yml), so it stays a few lines and the plan's code is fetched only there.

function setupPage() {
  const books = document.querySelectorAll(".qc-workbook");
  if (books.length) import("./workbook.js").then((module) => books.forEach(module.setupWorkbook));
}

// Material's instant navigation swaps pages without a reload and announces each through document$.
if (window.document$) window.document$.subscribe(setupPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
else setupPage();
