// A calculator block: the form's values go to Python (python.js), the answer's HTML and messages come
// back into the page. The scenario lives in the URL (and a pinned one beside it), so a link reproduces it.
// No computing, formatting or Chinese text here: all of it comes from Python.

import { ask, hasFailed, isReady, startPython, whenFailed, whenReady } from "./python.js";

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

export function setupCalculator(calc) {
  if (calc.dataset.bound) return;
  calc.dataset.bound = "1";
  const form = calc.querySelector(".qc-form");
  const restored = restoreFromURL(calc);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", (event) => {
    if (event.target.type === "file") return; // files: chooseFiles, on change
    saveToURL(calc);
    request(calc);
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
  else if (hasFailed()) setStatus(calc, "failed");
  else {
    setStatus(calc, "loading");
    whenReady(go);
    whenFailed(() => setStatus(calc, "failed"));
    // After first paint, so loading Python never delays showing the page.
    requestAnimationFrame(() => setTimeout(() => startPython(calc), 0));
  }
}
