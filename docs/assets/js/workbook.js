// The campaign plan page (活动计划), loaded there by plan.js. Python renders and computes all of it (calculators/workbook/: the
// request and answer shapes are in its web.py); this script only moves the plan: the forms' values to the
// worker, the answer's HTML pieces into the page, and the plan document (as Python returns it) to and
// from localStorage (keys: qunce_site/progress.py) and the page's link. No computing, no checking of a
// plan and no Chinese text here: every word on screen is pre-rendered or comes from Python.

import { PLAN_CURRENT, PLAN_ID, PLAN_KEY, PREFIX } from "./qunce-protocol.js";
import { ask, isReady, problem, startPythonSoon, whenProblem, whenReady } from "./python.js";
import { setupShares, showWeChatNotes } from "./share.js";
import { currentAddress } from "./address.js";

const CALC = "plan"; // the worker answers plan requests under this id (calculators/web.py)
const PARAM = "plan"; // the page link's parameter carrying a whole plan
const MAX_PARAM = 4000;
const CONFIRM_MS = 4000;

// ---------------------------------------------------------------------------- storage

let storageFailed = false;

function stored(key) {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch (error) {
    storageFailed = true;
    return null;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(PREFIX + key, value);
    return true;
  } catch (error) {
    storageFailed = true;
    return false;
  }
}

function unstore(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch (error) {
    storageFailed = true;
  }
}

function parsed(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch (error) {
    return null;
  }
}

// Every saved plan as {id, plan}, oldest first; a damaged entry is left alone, not listed.
function savedPlans() {
  const found = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key || !key.startsWith(PREFIX + PLAN_KEY)) continue;
      const id = key.slice((PREFIX + PLAN_KEY).length);
      const plan = PLAN_ID.test(id) ? parsed(localStorage.getItem(key)) : null;
      if (plan) found.push({ id, plan });
    }
  } catch (error) {
    storageFailed = true;
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Time first, so ids sort in the order plans were made.
function newId() {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
}

// ---------------------------------------------------------------------------- the page

function say(book, name) {
  const status = book.querySelector(".qc-status");
  if (storageFailed && name !== "loading" && name !== "failed") name = "nostorage";
  if (status.dataset[name] !== undefined) status.textContent = status.dataset[name];
}

function sayText(book, text) {
  book.querySelector(".qc-status").textContent = text; // a message written by Python
}

function collect(book) {
  const form = {};
  book.querySelectorAll(".qc-plan-body [data-part]").forEach((part) => {
    const values = {};
    part.querySelectorAll(".qc-field input[name], .qc-field select[name]").forEach((input) => {
      values[input.name] = input.value;
    });
    form[part.dataset.part] = values;
  });
  const links = {};
  book.querySelectorAll(".qc-plan-body input[data-link]").forEach((box) => {
    links[box.dataset.link] = box.checked;
  });
  return { form, links };
}

function slot(book, name) {
  return [...book.querySelectorAll("[data-slot]")].find((element) => element.dataset.slot === name) || null;
}

function showErrors(book, errors) {
  const found = new Map((errors || []).map((e) => [e.part + "." + e.field, e.message]));
  book.querySelectorAll(".qc-plan-body [data-part]").forEach((part) => {
    part.querySelectorAll(".qc-field").forEach((field) => {
      const input = field.querySelector("input[name], select[name]");
      const message = field.querySelector(".qc-error");
      const text = found.get(part.dataset.part + "." + field.dataset.field);
      if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
      message.textContent = text || "";
      message.hidden = !text;
    });
  });
}

// Linked inputs show their source's value and can't be typed in; a cut link hands the input back.
function showLinks(book, values) {
  book.querySelectorAll(".qc-plan-body input[data-link]").forEach((box) => {
    const [part, name] = box.dataset.link.split(".");
    const input = book.querySelector(`[data-part="${part}"] .qc-field[data-field="${name}"] input[name]`);
    if (!input) return;
    input.readOnly = box.checked;
    if (box.checked && values && values[box.dataset.link] !== undefined && input.value !== values[box.dataset.link]) {
      input.value = values[box.dataset.link];
    }
  });
}

function showLink(book, share) {
  const url = currentAddress();
  if (share) url.searchParams.set(PARAM, share);
  else url.searchParams.delete(PARAM);
  history.replaceState(history.state, "", url);
}

// The answer's HTML goes in: the whole body (another plan) or the named pieces (the same plan, edited).
function show(book, answer) {
  const shown = state(book).shown; // each piece's HTML as last put in: an unchanged piece is left alone
  if (answer.html !== undefined) {
    book.querySelector(".qc-plan-body").outerHTML = answer.html; // HTML built and escaped by Python
    shown.clear();
  } else {
    for (const [name, html] of Object.entries(answer.slots || {})) {
      const element = slot(book, name);
      if (!element || shown.get(name) === html) continue;
      element.innerHTML = html; // HTML built and escaped by Python
      shown.set(name, html);
    }
    const stale = new Set(answer.stale || []);
    book.querySelectorAll(".qc-plan-part").forEach((part) => {
      const result = part.querySelector(".qc-result");
      if (result) result.classList.toggle("qc-stale", stale.has(part.dataset.part));
    });
  }
  setupShares(book); // copy and view beside every download, the plan file's too (WeChat saves no file)
  showLinks(book, answer.values);
  showErrors(book, answer.errors);
  showLink(book, answer.share);
  book.dataset.answered = String(Number(book.dataset.answered || 0) + 1);
}

// ---------------------------------------------------------------------------- the saved plans

function state(book) {
  if (!book.qcPlan) {
    book.qcPlan = {
      id: null, plan: null, gen: 0, busy: false, dirty: false, opening: false, changed: new Set(), shown: new Map(),
    };
  }
  return book.qcPlan;
}

function listPlans(book) {
  const select = book.querySelector("#qc-plan-saved");
  const first = select.options[0];
  select.replaceChildren(first);
  for (const { id, plan } of savedPlans()) {
    const option = document.createElement("option");
    option.value = id;
    option.textContent = (typeof plan.name === "string" && plan.name.trim()) || select.dataset.unnamed;
    select.append(option);
  }
  const current = state(book).id;
  select.value = current || "";
  book.querySelector(".qc-plan-delete").disabled = !current;
}

function save(book) {
  const s = state(book);
  if (!s.plan) return false;
  if (!s.id) s.id = newId();
  const done = store(PLAN_KEY + s.id, JSON.stringify(s.plan)) && store(PLAN_CURRENT, s.id);
  listPlans(book);
  return done;
}

// Open another plan: `request` names it (see calculators/workbook/web.py); `then(answer)` runs when it is in.
function open(book, request, then) {
  const s = state(book);
  const gen = ++s.gen; // answers to earlier edits no longer apply
  s.opening = true; // edits to the plan on screen now would be lost with it
  s.dirty = false;
  s.changed.clear();
  ask(CALC, request, (answer) => {
    if (!book.isConnected || gen !== s.gen) return;
    s.opening = false;
    if (!answer.ok) {
      sayText(book, answer.message);
      return;
    }
    s.plan = answer.plan;
    show(book, answer);
    then(answer);
  });
}

function openSaved(book, id) {
  const plan = parsed(stored(PLAN_KEY + id));
  if (!plan) return false;
  open(book, { plan }, () => {
    state(book).id = id;
    store(PLAN_CURRENT, id);
    listPlans(book);
    say(book, "opened");
  });
  return true;
}

function openExample(book) {
  open(book, { example: true }, () => {
    state(book).id = null;
    listPlans(book);
    say(book, "example");
  });
}

// Latest wins: while one answer is awaited, further edits only mark the plan dirty, and one more request
// goes out when it arrives. `part` is the edited part (data-part): only it and the parts that follow it
// are rendered again.
function edited(book, part) {
  const s = state(book);
  if (s.opening) return;
  if (part) s.changed.add(part);
  if (!isReady() || s.busy) {
    s.dirty = true;
    return;
  }
  s.busy = true;
  s.dirty = false;
  const gen = s.gen;
  const request = { ...collect(book), changed: [...s.changed] };
  s.changed.clear();
  ask(CALC, request, (answer) => {
    s.busy = false;
    if (!book.isConnected) return;
    if (gen === s.gen && answer.ok) {
      s.plan = answer.plan;
      show(book, answer);
      say(book, save(book) ? "saved" : "nostorage");
    } else if (gen === s.gen) {
      sayText(book, answer.message);
    }
    if (s.dirty) edited(book);
  });
}

function setupBar(book) {
  const bar = book.querySelector(".qc-plan-bar");
  const select = bar.querySelector("#qc-plan-saved");
  select.addEventListener("change", () => {
    if (select.value) openSaved(book, select.value);
  });
  bar.querySelector(".qc-plan-new").addEventListener("click", () => openExample(book));
  bar.querySelector(".qc-plan-copy").addEventListener("click", () => {
    open(book, { ...collect(book), copy: true }, () => {
      state(book).id = null;
      say(book, save(book) ? "copied" : "nostorage");
    });
  });
  const remove = bar.querySelector(".qc-plan-delete");
  remove.addEventListener("click", () => {
    const s = state(book);
    if (!s.id) return;
    if (remove.dataset.armed !== "1") {
      remove.dataset.armed = "1";
      remove.dataset.label = remove.textContent;
      remove.textContent = remove.dataset.confirm;
      setTimeout(() => disarm(remove), CONFIRM_MS);
      return;
    }
    disarm(remove);
    unstore(PLAN_KEY + s.id);
    unstore(PLAN_CURRENT);
    s.id = null;
    const next = savedPlans()[0];
    const after = () => say(book, "deleted");
    if (next) open(book, { plan: next.plan }, () => { s.id = next.id; store(PLAN_CURRENT, next.id); listPlans(book); after(); });
    else open(book, { example: true }, () => { listPlans(book); after(); });
  });
  const file = bar.querySelector(".qc-plan-file");
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    file.value = ""; // the same file can be chosen again
    if (!chosen) return;
    // One byte over the limit is enough for Python to refuse it by its size.
    const text = await chosen.slice(0, Number(book.dataset.maxBytes) + 1).text();
    open(book, { file: text }, () => {
      state(book).id = null; // an import never replaces a saved plan
      say(book, save(book) ? "imported" : "nostorage");
    });
  });
  bar.hidden = false;
  showWeChatNotes(bar);
}

function disarm(button) {
  if (button.dataset.armed !== "1") return;
  button.dataset.armed = "";
  button.textContent = button.dataset.label;
}

// Once Python is ready: the plan in the link, else the plan opened last, else the example as pre-rendered.
function begin(book) {
  if (!book.isConnected) return;
  book.dataset.state = "ready";
  say(book, "ready");
  setupBar(book);
  listPlans(book);
  const shared = new URLSearchParams(location.search).get(PARAM);
  const s = state(book);
  if (shared) {
    open(book, { share: shared.slice(0, MAX_PARAM) }, (answer) => {
      // The reader's own page, reloaded: its link holds a plan saved here, which it keeps editing.
      const text = JSON.stringify(answer.plan);
      const same = savedPlans().find(({ plan }) => JSON.stringify(plan) === text);
      s.id = same ? same.id : null;
      listPlans(book);
      say(book, same ? "opened" : "linked");
    });
    return;
  }
  const current = stored(PLAN_CURRENT);
  if (current && PLAN_ID.test(current) && !s.dirty && openSaved(book, current)) return;
  if (s.dirty) edited(book); // typed into the example before Python was ready
  else say(book, "example");
}

export function setupWorkbook(book) {
  if (book.dataset.bound) return;
  book.dataset.bound = "1";
  setupShares(book);
  book.addEventListener("submit", (event) => event.preventDefault());
  const partOf = (element) => element.closest("[data-part]")?.dataset.part;
  book.addEventListener("input", (event) => {
    if (event.target.matches("input[type=checkbox], input[type=file]") || !event.target.closest(".qc-plan-body")) return;
    edited(book, partOf(event.target));
  });
  book.addEventListener("change", (event) => {
    if (!event.target.matches("input[data-link]")) return;
    showLinks(book, null);
    edited(book, partOf(event.target));
  });
  const trouble = (found) => {
    book.dataset.state = found;
    say(book, found);
  };
  if (isReady()) begin(book);
  else if (problem() === "unsupported" || problem() === "failed") trouble(problem());
  else {
    trouble(problem() || "loading");
    whenReady(() => begin(book));
    whenProblem((found) => { if (book.isConnected) trouble(found); });
    startPythonSoon(book);
  }
}
