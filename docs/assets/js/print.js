// 群策 print support. Buttons marked .qc-print (the printable handbook's) open the browser's print
// dialog; they are hidden in the HTML and shown here, so a reader without scripts never sees a dead one.
// Before printing, closed <details> (self-test answers) are opened and closed again afterwards: print.css
// opens them with ::details-content where the browser has it; this covers the browsers that do not.
//
// The printable handbook's page holds its outline; the playbooks' bodies and the self-test questions are
// in a file beside it (its [data-parts], written by qunce_site/features/handbook.py: key → HTML), put into
// their slots (.qc-handbook-part[data-part=key]) when the reader scrolls near one, follows a link into
// one, or prints: the whole of it at once was a 0.9 MB page that a phone took seconds to start.
// Filling a slot announces FILLED on it, so the page scripts set up what is in it (checklists, quizzes).

export const FILLED = "qunce:filled";

const SLOTS = ".qc-handbook-part";
const fetched = new Map(); // the parts file's URL → the promise of its parts, kept across instant navigation
let parts = null; // this page's parts once they have arrived: () => {key: html}
let pending = null; // the promise of them
let need = null; // asks for them now
let observer = null;

// The file's text, parsed the first time a part is wanted (0.8 MB of JSON is a long task on a phone).
function lazy(text) {
  let value = null;
  return () => (value ??= JSON.parse(text));
}

// Resolves when the page has been painted and the browser is idle (or after a while): the parts are
// wanted only for scrolling, links and printing, and must not compete with the page's first paint.
function quiet() {
  return new Promise((resolve) => {
    const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(resolve, { timeout: 3000 }) : setTimeout(resolve, 500));
    const afterLoad = () => {
      setTimeout(resolve, 5000);
      if (performance.getEntriesByName("first-contentful-paint").length) return idle();
      try {
        new PerformanceObserver((list, watcher) => { watcher.disconnect(); idle(); }).observe({ type: "paint", buffered: true });
      } catch (error) {
        idle();
      }
    };
    if (document.readyState === "complete") afterLoad();
    else window.addEventListener("load", afterLoad, { once: true });
  });
}

// Puts the slots' parts in; then, as Material does for the page's own code blocks, a code block that
// scrolls sideways takes the keyboard focus (measured once all are in: one layout, not one a slot).
function fill(...slots) {
  const done = slots.filter((slot) => {
    if (!parts || slot.dataset.filled || !slot.isConnected) return false;
    const html = parts()[slot.dataset.part];
    if (html === undefined) return false;
    slot.innerHTML = html;
    slot.dataset.filled = "1";
    slot.style.removeProperty("min-height");
    if (observer) observer.unobserve(slot);
    return true;
  });
  done.forEach((slot) => slot.querySelectorAll("pre > code").forEach((code) => {
    if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
  }));
  done.forEach((slot) => slot.dispatchEvent(new CustomEvent(FILLED, { bubbles: true })));
}

function fillAll() {
  fill(...document.querySelectorAll(`${SLOTS}:not([data-filled])`));
}

// The slot that holds an id: a part's ids start with its key and "--" (a slug or a module's id; neither
// contains "--").
function slotFor(id) {
  const key = id.split("--")[0];
  return [...document.querySelectorAll(SLOTS)].find((slot) => slot.dataset.part === key) || null;
}

// Makes sure the element with this id is on the page; true if it already was (or was put in at once).
function reveal(id, then) {
  if (document.getElementById(id)) return true;
  const slot = slotFor(id);
  if (!slot || !pending) return true;
  if (parts) {
    fill(slot);
    return true;
  }
  need();
  pending.then(() => { fill(slot); then(); });
  return false;
}

function hashId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch (error) {
    return "";
  }
}

// Runs before page.js's in-page jump (a listener on document), which needs the target on the page.
window.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || !document.querySelector(SLOTS)) return;
  const url = new URL(link.href, location.href); // Material makes the page's own links absolute
  if (url.origin !== location.origin || url.pathname !== location.pathname || !url.hash) return;
  const id = hashId(url.hash);
  if (id && !reveal(id, () => link.click())) {
    event.preventDefault();
    event.stopPropagation();
  }
}, true);

// The address names an id in a part not yet filled (a link from elsewhere, or typed): fill it and go
// there, below the sticky header, as the browser would have.
function goTo(id) {
  const target = document.getElementById(id);
  if (!target) return;
  const header = document.querySelector(".md-header");
  const below = (header ? header.getBoundingClientRect().bottom : 0) + 12;
  window.scrollTo({ top: target.getBoundingClientRect().top + window.scrollY - below });
}

function revealHash() {
  const id = hashId(location.hash);
  if (id && !document.getElementById(id) && reveal(id, () => goTo(id))) goTo(id);
}
window.addEventListener("hashchange", revealHash);

function setupParts() {
  if (observer) observer.disconnect();
  observer = null;
  parts = null;
  pending = null;
  const source = document.querySelector("[data-parts]");
  const slots = document.querySelectorAll(SLOTS);
  if (!source || !slots.length) return;
  // The file is named from the site's root, two folders above this script: right after an instant
  // navigation the address may still be the previous page's.
  const url = new URL(source.dataset.parts, new URL("../../", import.meta.url)).href;
  if (!fetched.has(url)) {
    let start;
    const wanted = new Promise((resolve) => { start = resolve; });
    quiet().then(start);
    const promise = wanted.then(() => fetch(url)).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      return response.text();
    }).then(lazy);
    promise.start = start;
    fetched.set(url, promise);
  }
  const file = fetched.get(url);
  need = file.start;
  const mine = file.then((found) => {
    if (pending === mine) parts = found;
  });
  pending = mine;
  mine.catch((error) => {
    fetched.delete(url); // tried again on the next visit of the page
    console.warn("qunce: the handbook's parts did not load:", error);
  });
  // A slot within a screen's height of the window is filled; the rest wait.
  observer = new IntersectionObserver((entries) => {
    const near = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
    if (parts) fill(...near);
    else if (near.length) {
      need();
      mine.then(() => fill(...near));
    }
  }, { rootMargin: "100% 0px" });
  slots.forEach((slot) => observer.observe(slot));
  if (location.hash) revealHash();
}

function setupPage() {
  document.querySelectorAll(".qc-print").forEach((button) => {
    if (button.dataset.qcPrint) return; // instant navigation may announce the same page again
    button.dataset.qcPrint = "1";
    button.addEventListener("click", () => {
      // The print dialog shows what is on the page: every part first.
      const print = () => { fillAll(); window.print(); };
      if (pending && !parts) {
        need();
        pending.then(print, print);
      }
      else print();
    });
    button.hidden = false;
  });
  setupParts();
}

let opened = [];
function beforePrint() {
  fillAll();
  opened = [...document.querySelectorAll("details:not([open])")];
  opened.forEach((details) => { details.open = true; });
}
window.addEventListener("beforeprint", beforePrint);
window.addEventListener("afterprint", () => {
  opened.forEach((details) => { details.open = false; });
  opened = [];
});
// Browsers that switch to print media without beforeprint (and emulated print media) fill the parts too.
window.matchMedia("print").addEventListener("change", (query) => { if (query.matches) fillAll(); });

// Material's instant navigation swaps pages without a reload and announces each through document$.
if (window.document$) window.document$.subscribe(setupPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
else setupPage();
