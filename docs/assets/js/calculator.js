// A calculator block: the form's values go to Python (python.js), the answer's HTML and messages come
// back into the page. The scenario lives in the URL (and a pinned one beside it), so a link reproduces it.
// No computing, formatting or Chinese text here: all of it comes from Python.

import { ask, isReady, problem, startPythonSoon, whenProblem, whenReady } from "./python.js";
import { copyText, say, setupShares } from "./share.js";
import { currentAddress } from "./address.js";

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

// A calculator that reads files (a chat export) has a file field: the chosen File objects stay on the
// block and are read afresh for each request, after their size is checked against data-max-bytes, so a
// file that is too large is refused before a byte of it is read. Their bytes go to the worker only.
function fileField(calc) {
  return calc.querySelector(".qc-files");
}

function fieldMessage(field, text) {
  const message = field.querySelector(".qc-error");
  message.textContent = text || "";
  message.hidden = !text;
  field.querySelector("input").setAttribute("aria-invalid", text ? "true" : "false");
}

function chooseFiles(calc, list) {
  const field = fileField(calc);
  const files = [...list];
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const refused = total > Number(field.dataset.maxBytes);
  fieldMessage(field, refused ? field.dataset.tooLarge : "");
  calc.qcFiles = refused ? [] : files;
  if (!refused && files.length) request(calc);
}

function readFiles(calc) {
  return Promise.all((calc.qcFiles || []).map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
}

function setupFiles(calc) {
  const field = fileField(calc);
  const input = field.querySelector("input[type=file]");
  const drop = field.querySelector(".qc-drop");
  input.addEventListener("change", () => chooseFiles(calc, input.files));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("qc-drop-over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("qc-drop-over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("qc-drop-over");
    chooseFiles(calc, event.dataTransfer.files);
  });
}

// Latest wins: while one request is in flight, further edits only mark the form dirty,
// and one more request goes out when the answer arrives. No debounce delay is added.
function request(calc) {
  const reads = fileField(calc);
  if (reads && !(calc.qcFiles || []).length) return; // no file yet: the pre-rendered empty state stays
  if (!isReady()) {
    calc.dataset.dirty = "1"; // typed before Python was ready: answer once it is
    return;
  }
  if (calc.dataset.busy === "1") {
    calc.dataset.dirty = "1";
    return;
  }
  calc.dataset.busy = "1";
  calc.dataset.dirty = "";
  calc.dataset.sent = String(performance.now());
  const values = formValues(calc);
  const answer = (reply) => {
    if (calc.isConnected) show(calc, reply);
  };
  if (!reads) {
    ask(calc.dataset.calc, values, answer);
    return;
  }
  setStatus(calc, "reading");
  readFiles(calc).then(
    (files) => ask(calc.dataset.calc, values, answer, files),
    () => show(calc, { ok: false, errors: [{ field: reads.dataset.field, message: reads.dataset.unreadable }] }),
  );
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
  if (fileField(calc)) setStatus(calc, answer.ok ? "done" : "ready");
  if (answer.ok) {
    result.innerHTML = answer.html; // HTML built and escaped by Python
    result.classList.remove("qc-stale");
    setupShares(result);
    const headline = calc.querySelector(".qc-resultbar-headline");
    if (headline) headline.innerHTML = answer.headline; // HTML built and escaped by Python
    calc.classList.remove("qc-stale-headline");
  } else {
    calc.classList.add("qc-stale-headline");
    result.classList.add("qc-stale");
    const general = errors.get("");
    if (general) calc.querySelector(".qc-status").textContent = general;
  }
  calc.dataset.answered = String(Number(calc.dataset.answered || 0) + 1);
  if (calc.dataset.dirty === "1") request(calc);
}

// The address is written through address.js, which keeps the page within WebKit's allowance of address
// changes (the last change always lands).
function replaceURL(url) {
  history.replaceState(history.state, "", url);
}

function writeURL(calc) {
  const url = currentAddress();
  for (const [name, value] of Object.entries(formValues(calc))) url.searchParams.set(name, value);
  replaceURL(url);
  return url;
}

// The pinned scenario travels in the URL too (pin=<its form values, URL-encoded>), so a shared link
// opens with both the live scenario and the one it is compared with.
const PIN = "pin";

function savePinToURL(values) {
  const url = currentAddress();
  if (values) url.searchParams.set(PIN, new URLSearchParams(values).toString());
  else url.searchParams.delete(PIN);
  replaceURL(url);
}

function setPinned(calc, html) {
  const body = calc.querySelector(".qc-pinned-body");
  body.innerHTML = html; // HTML built and escaped by Python
  setupShares(body);
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
  ask(calc.dataset.calc, inputs, (answer) => {
    if (calc.isConnected) showPinned(calc, answer);
  });
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

// ---------------------------------------------------------------------------- phones

// Phones: Material's breakpoint below which the page is one column (the result sits under the form).
const PHONE = window.matchMedia("(max-width: 44.9375em)");

// A phone's on-screen keyboard covers the bottom of the page without moving fixed elements (iOS, and
// Android Chrome since 108): the visual viewport tells how much it covers, and the result bar sits above it.
function followKeyboard() {
  const view = window.visualViewport;
  if (!view || followKeyboard.done) return;
  followKeyboard.done = true;
  const place = () => {
    const covered = Math.max(0, window.innerHeight - view.height - view.offsetTop);
    document.documentElement.style.setProperty("--qc-keyboard", `${Math.round(covered)}px`);
  };
  view.addEventListener("resize", place);
  view.addEventListener("scroll", place);
  place();
}

// The result bar (calculators/kit/web.py `result_bar`): on a phone, while the form is on screen and the
// result is not, it shows the first headline figure at the bottom; a tap opens the whole result over
// the page, another closes it.
function setupResultBar(calc) {
  const bar = calc.querySelector(".qc-resultbar");
  if (!bar) return;
  const toggle = bar.querySelector(".qc-resultbar-toggle");
  const seen = { form: false, result: true };
  const isOpen = () => calc.classList.contains("qc-sheet-open");
  const update = () => {
    bar.hidden = !(PHONE.matches && (isOpen() || (seen.form && !seen.result)));
    if (!bar.hidden) calc.style.setProperty("--qc-bar-height", `${bar.offsetHeight}px`); // the open result sits above it
  };
  const setOpen = (open) => {
    calc.classList.toggle("qc-sheet-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    bar.querySelector(".qc-resultbar-open").hidden = open;
    bar.querySelector(".qc-resultbar-close").hidden = !open;
    update();
  };
  toggle.addEventListener("click", () => setOpen(!isOpen()));
  calc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
  if (PHONE.addEventListener) PHONE.addEventListener("change", () => (PHONE.matches ? update() : setOpen(false)));
  if (!("IntersectionObserver" in window)) return;
  // The result counts as seen once its top is in the upper three quarters of the screen.
  const watch = (element, key, margin) => new IntersectionObserver((entries) => {
    seen[key] = entries[entries.length - 1].isIntersecting;
    update();
  }, { rootMargin: margin }).observe(element);
  watch(calc.querySelector(".qc-form"), "form", "0px");
  watch(calc.querySelector(".qc-results"), "result", "0px 0px -25% 0px");
  followKeyboard();
}

// Copy link: the address holds the scenario (and a pinned one), so pasting it in a chat shares both.
function setupCopyLink(calc) {
  const button = calc.querySelector(".qc-copy-link");
  if (!button) return;
  const status = calc.querySelector(".qc-copy-link-status");
  button.hidden = false;
  button.addEventListener("click", () => {
    // the address written now, even if address.js lets it land a moment later
    copyText(writeURL(calc).href).then((done) => say(status, done ? "copied" : "failed"));
  });
}

export function setupCalculator(calc) {
  if (calc.dataset.bound) return;
  calc.dataset.bound = "1";
  const form = calc.querySelector(".qc-form");
  const restored = restoreFromURL(calc);
  form.addEventListener("submit", (event) => event.preventDefault());
  setupShares(calc.querySelector(".qc-result"));
  setupResultBar(calc);
  setupCopyLink(calc);
  form.addEventListener("input", (event) => {
    if (event.target.type === "file") return; // files: chooseFiles, on change
    request(calc);
    writeURL(calc);
  });
  if (fileField(calc)) setupFiles(calc);
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
  if (isReady()) go();
  else if (problem() === "unsupported" || problem() === "failed") setStatus(calc, problem());
  else {
    setStatus(calc, problem() || "loading");
    whenReady(() => { if (calc.isConnected) go(); });
    whenProblem((found) => { if (calc.isConnected) setStatus(calc, found); });
    startPythonSoon(calc);
  }
}
