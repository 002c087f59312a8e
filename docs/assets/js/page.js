// What every page does: the freshness notice, the edition switch, in-page jumps that keep the page, and
// the service worker for offline reading.

import { SNAPSHOT_CACHE, absolute, snapshotKept, startPython, whenReady } from "./python.js";

// A page checked longer ago than its limit, by the reader's clock, shows its (pre-rendered) notice.
export function showFreshness(notice) {
  const age = (Date.now() - Date.parse(notice.dataset.reviewed)) / 86400000;
  if (age > Number(notice.dataset.maxDays)) notice.hidden = false;
}

// Edition switch (qunce_site/features/editions.py). The footer's link is rendered for each page and swapped in by
// instant navigation; the header's is not swapped, so it takes the footer's address.
export function syncEditionSwitch() {
  const current = document.querySelector(".qc-edition-footer .qc-edition");
  const header = document.querySelector(".qc-edition-switch .qc-edition");
  if (current && header) header.href = current.href;
}

// The other edition opens with the same scenario (query string) and section (hash).
function carryScenario(event) {
  const link = event.target instanceof Element ? event.target.closest("a.qc-edition") : null;
  if (!link) return;
  const url = new URL(link.href);
  url.search = location.search;
  url.hash = location.hash;
  link.href = url.href;
}
document.addEventListener("click", carryScenario, true);
document.addEventListener("auxclick", carryScenario, true);

// In-page links (the skip link, the contents, permalinks) jump here, not through Material's instant
// navigation: its location stream starts empty, so it took the first in-page jump on a page for a
// new page, fetched the same page again and swapped it in, and the keyboard focus, the calculator's
// state and any opened answers were lost. Like the browser, this moves the focus starting point too.
function jumpInPage(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || link.target || link.hasAttribute("download") || link.closest(".md-search")) return;
  const url = new URL(link.href, location.href);
  const here = link.getAttribute("href").startsWith("#") || (url.pathname === location.pathname && url.search === location.search);
  if (!url.hash || url.origin !== location.origin || !here) return;
  const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  if (location.hash !== url.hash) history.pushState(null, "", url.hash);
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  const header = document.querySelector(".md-header");
  const below = (header ? header.getBoundingClientRect().bottom : 0) + 12; // not under the sticky header
  window.scrollTo({ top: target.getBoundingClientRect().top + window.scrollY - below });
}
document.addEventListener("click", jumpInPage, true);

// Offline reading: the service worker (sw.js, written at build time by qunce_site/features/offline.py) sits at
// the site root, two folders above this script, so this works when the site lives under a sub-path.
// Registered after the load event, so precaching never competes with the first page.
export function offline() {
  if (!("serviceWorker" in navigator)) return;
  const root = new URL("../../", import.meta.url);
  const register = () =>
    navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname }).catch((error) => {
      console.warn("qunce: no offline copy:", error);
    });
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
  // Python loaded before the service worker took control sits in the HTTP cache only: hand its URLs to
  // the worker's cache-first route (Workbox's CACHE_URLS message; force-cache reuses the bytes already
  // downloaded), so the next visit, and offline use, need no network. The build's runtime manifest
  // (assets/runtime.json) lists the files.
  const keepPython = () => {
    const calc = document.querySelector(".qc-calculator");
    if (!calc) return;
    fetch(absolute(calc.dataset.manifest), { cache: "force-cache" })
      .then((response) => response.json())
      .then((manifest) => {
        const urls = [...manifest.files.map((name) => absolute(calc.dataset.pyodide) + name), absolute(calc.dataset.wheel)];
        return navigator.serviceWorker.ready.then((registration) => registration.active.postMessage({
          type: "CACHE_URLS", payload: { urlsToCache: urls.map((url) => [url, { cache: "force-cache" }]) },
        }));
      })
      .catch((error) => console.warn("qunce: Python not kept for offline use:", error));
  };
  whenReady(keepPython);
}

// Ahead of time: on a page without a calculator, once this device keeps a memory snapshot of Python for the
// site's current runtime (made on an earlier calculator visit), the worker starts from it in idle time, so
// the next calculator page, reached by instant navigation, is live at once. Without a snapshot nothing is
// started: a first-time reader, perhaps on mobile data, never downloads Python for a page that doesn't use it.
export function startAhead() {
  if (typeof caches !== "object" || !window.document$ || document.querySelector(".qc-calculator, .qc-workbook")) return;
  const root = new URL("../../", import.meta.url);
  const go = async () => {
    // No request at all unless this edition keeps a snapshot (a first-time reader's case); then its key.
    const folder = new URL("qunce-snapshot/", import.meta.url).href; // the worker's folder, as SnapshotStore names it
    if (!(await caches.has(SNAPSHOT_CACHE))) return;
    if (!(await (await caches.open(SNAPSHOT_CACHE)).keys()).some((request) => request.url.startsWith(folder))) return;
    const manifest = await (await fetch(new URL("assets/runtime.json", root))).json();
    const [worker, pyodide, wheel] = [manifest.worker, manifest.pyodide, manifest.wheel].map((path) => new URL(path, root).href);
    if (!(await snapshotKept({ worker, pyodide, wheel }))) return;
    performance.mark("qunce:python-ahead"); // read by tests
    startPython({ dataset: { worker, pyodide, wheel } });
  };
  const idle = () => (window.requestIdleCallback || ((callback) => setTimeout(callback, 200)))(() => {
    go().catch((error) => console.warn("qunce: Python not started ahead:", error));
  });
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}
