// Page script. It only moves data: form values to the Python worker, the worker's HTML and
// messages to the page, checklist ticks to localStorage. All computing, formatting and
// Chinese text come from Python (pre-rendered in the page or sent by the worker).

import { PREFIX } from "./qunce-protocol.js";

const runtime = {
  worker: null,
  ready: false,
  failed: false,
  seq: 0,
  waiting: new Map(), // seq -> {calc, pinned}: which calculator asked, and whether for its pinned scenario
  onReady: [],
};

function absolute(path) {
  return new URL(path, document.baseURI).href;
}

function startWorker(el) {
  if (runtime.worker) return;
  performance.mark("qunce:python-start"); // read by scripts/bench.py
  runtime.worker = new Worker(absolute(el.dataset.worker), { type: "module" });
  runtime.worker.addEventListener("message", (event) => {
    const msg = event.data;
    if (msg.type === "ready") {
      runtime.ready = true;
      performance.mark("qunce:python-ready");
      for (const callback of runtime.onReady.splice(0)) callback();
    } else if (msg.type === "failed") {
      runtime.failed = true;
      console.error("qunce worker:", msg.message);
      document.querySelectorAll(".qc-calculator").forEach((calc) => setStatus(calc, "failed"));
    } else if (msg.type === "result") {
      const asked = runtime.waiting.get(msg.seq);
      runtime.waiting.delete(msg.seq);
      if (!asked || !asked.calc.isConnected) return;
      if (asked.pinned) showPinned(asked.calc, JSON.parse(msg.payload));
      else show(asked.calc, JSON.parse(msg.payload));
    }
  });
  runtime.worker.postMessage({
    type: "init",
    indexURL: absolute(el.dataset.pyodide),
    wheelURL: absolute(el.dataset.wheel),
  });
}

function setStatus(calc, state) {
  const status = calc.querySelector(".qc-status");
  if (status && status.dataset[state] !== undefined) status.textContent = status.dataset[state];
  calc.dataset.state = state;
}

function formValues(calc) {
  const values = {};
  calc.querySelectorAll(".qc-form input[name], .qc-form select[name]").forEach((input) => {
    values[input.name] = input.value;
  });
  return values;
}

// Latest wins: while one request is in flight, further edits only mark the form dirty,
// and one more request goes out when the answer arrives. No debounce delay is added.
function request(calc) {
  if (!runtime.ready) {
    calc.dataset.dirty = "1"; // typed before Python was ready: answer once it is
    return;
  }
  if (calc.dataset.busy === "1") {
    calc.dataset.dirty = "1";
    return;
  }
  calc.dataset.busy = "1";
  calc.dataset.dirty = "";
  const seq = ++runtime.seq;
  runtime.waiting.set(seq, { calc, pinned: false });
  calc.dataset.sent = String(performance.now());
  runtime.worker.postMessage({ type: "run", seq, calcId: calc.dataset.calc, inputs: formValues(calc) });
}

function show(calc, answer) {
  calc.dataset.busy = "";
  const errors = new Map((answer.errors || []).map((e) => [e.field, e.message]));
  calc.querySelectorAll(".qc-field").forEach((field) => {
    const input = field.querySelector("input, select");
    const message = field.querySelector(".qc-error");
    const text = errors.get(field.dataset.field);
    input.setAttribute("aria-invalid", text ? "true" : "false");
    message.textContent = text || "";
    message.hidden = !text;
  });
  const result = calc.querySelector(".qc-result");
  if (answer.ok) {
    result.innerHTML = answer.html; // HTML built and escaped by Python
    result.classList.remove("qc-stale");
  } else {
    result.classList.add("qc-stale");
    const general = errors.get("");
    if (general) calc.querySelector(".qc-status").textContent = general;
  }
  calc.dataset.answered = String(Number(calc.dataset.answered || 0) + 1);
  if (calc.dataset.dirty === "1") request(calc);
}

function saveToURL(calc) {
  const url = new URL(location.href);
  for (const [name, value] of Object.entries(formValues(calc))) url.searchParams.set(name, value);
  history.replaceState(history.state, "", url);
}

// The pinned scenario travels in the URL too (pin=<its form values, URL-encoded>), so a shared link
// opens with both the live scenario and the one it is compared with.
const PIN = "pin";

function savePinToURL(values) {
  const url = new URL(location.href);
  if (values) url.searchParams.set(PIN, new URLSearchParams(values).toString());
  else url.searchParams.delete(PIN);
  history.replaceState(history.state, "", url);
}

function setPinned(calc, html) {
  calc.querySelector(".qc-pinned-body").innerHTML = html; // HTML built and escaped by Python
  calc.querySelector(".qc-pinned").hidden = false;
  calc.querySelector(".qc-unpin").hidden = false;
  calc.classList.add("qc-comparing");
}

function showPinned(calc, answer) {
  if (answer.ok) setPinned(calc, answer.html);
  else savePinToURL(null); // a pinned scenario that no longer computes is dropped, not shown broken
}

function requestPinned(calc) {
  const pinned = new URLSearchParams(location.search).get(PIN);
  if (!pinned) return;
  const inputs = {};
  for (const [name, value] of new URLSearchParams(pinned.slice(0, 5000))) inputs[name] = value.slice(0, 500);
  const seq = ++runtime.seq;
  runtime.waiting.set(seq, { calc, pinned: true });
  runtime.worker.postMessage({ type: "run", seq, calcId: calc.dataset.calc, inputs });
}

function restoreFromURL(calc) {
  const params = new URLSearchParams(location.search);
  let restored = false;
  calc.querySelectorAll(".qc-form input[name], .qc-form select[name]").forEach((input) => {
    if (params.has(input.name)) {
      const value = params.get(input.name).slice(0, 500);
      // A link from the other edition spells a choice its way: data-spellings lists both.
      const option = input.tagName === "SELECT"
        ? [...input.options].find((o) => (o.dataset.spellings || o.value).split(" ").includes(value))
        : null;
      input.value = option ? option.value : value;
      restored = true;
    }
  });
  return restored;
}

function setupCalculator(calc) {
  if (calc.dataset.bound) return;
  calc.dataset.bound = "1";
  const form = calc.querySelector(".qc-form");
  const restored = restoreFromURL(calc);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", () => {
    saveToURL(calc);
    request(calc);
  });
  const pin = calc.querySelector(".qc-pin");
  const unpin = calc.querySelector(".qc-unpin");
  const pinned = calc.querySelector(".qc-pinned");
  pin.addEventListener("click", () => {
    setPinned(calc, calc.querySelector(".qc-result").innerHTML);
    savePinToURL(formValues(calc));
  });
  unpin.addEventListener("click", () => {
    pinned.hidden = true;
    unpin.hidden = true;
    calc.classList.remove("qc-comparing");
    savePinToURL(null);
  });
  const go = () => {
    setStatus(calc, "ready");
    pin.hidden = false;
    if (restored || calc.dataset.dirty === "1") request(calc);
    requestPinned(calc);
  };
  if (runtime.ready) go();
  else if (runtime.failed) setStatus(calc, "failed");
  else {
    setStatus(calc, "loading");
    runtime.onReady.push(go);
    // After first paint, so loading Python never delays showing the page.
    requestAnimationFrame(() => setTimeout(() => startWorker(calc), 0));
  }
}

function setupChecklist(list) {
  if (list.dataset.bound) return;
  list.dataset.bound = "1";
  const key = PREFIX + list.dataset.key;
  const boxes = [...list.querySelectorAll("input[type=checkbox]")];
  const count = list.querySelector(".qc-checklist-count");
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(key) || "{}");
  } catch (error) {
    saved = {};
  }
  const update = () => {
    const done = boxes.filter((box) => box.checked).length;
    count.textContent = `${done} / ${boxes.length}`;
  };
  boxes.forEach((box) => {
    box.checked = Boolean(saved[box.dataset.item]);
    box.addEventListener("change", () => {
      const state = {};
      boxes.forEach((b) => { if (b.checked) state[b.dataset.item] = 1; });
      localStorage.setItem(key, JSON.stringify(state));
      update();
    });
  });
  list.querySelector(".qc-checklist-reset").addEventListener("click", () => {
    boxes.forEach((box) => { box.checked = false; });
    localStorage.removeItem(key);
    update();
  });
  update();
}

// A page checked longer ago than its limit, by the reader's clock, shows its (pre-rendered) notice.
function showFreshness(notice) {
  const age = (Date.now() - Date.parse(notice.dataset.reviewed)) / 86400000;
  if (age > Number(notice.dataset.maxDays)) notice.hidden = false;
}

// Edition switch (qunce_site/features/editions.py). The footer's link is rendered for each page and swapped in by
// instant navigation; the header's is not swapped, so it takes the footer's address.
function syncEditionSwitch() {
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

// Offline reading: the service worker (sw.js, generated at build time by qunce_site/features/offline.py) sits at
// the site root, two folders above this script, so this works when the site lives under a sub-path.
// Registered after the load event, so precaching never competes with the first page.
if ("serviceWorker" in navigator) {
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
  if (runtime.ready) keepPython();
  else runtime.onReady.push(keepPython);
}
