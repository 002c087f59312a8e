// Training progress, kept on this device only (localStorage; nothing is sent anywhere).
// Every word on screen is pre-rendered by the build (qunce_site/features/training.py); this script only
// reads and writes localStorage, shows and hides those elements, and counts. Keys, the export format and
// the limits: qunce_site/progress.py (qunce-protocol.js is generated from it); the data side of it is in
// progress-core.js, which node's tests cover.

import { EXPORT_NAME, MAX_FILE_BYTES, PREFIX } from "./qunce-protocol.js";
import { cleanName, drillAnswer as parseDrill, entriesOf, progressKey, snapshot, tickedCount } from "./progress-core.js";
import { FILLED } from "./print.js";
import { bindShare, showWeChatNotes, weChatFirst } from "./share.js";

let storageFailed = false;

function get(key) {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch (error) {
    storageFailed = true;
    return null;
  }
}

function set(key, value) {
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch (error) {
    storageFailed = true;
  }
}

function remove(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch (error) {
    storageFailed = true;
  }
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

// Every progress key in this browser, without the prefix.
function progressKeys() {
  const keys = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      const progress = progressKey(key);
      if (progress) keys.push(progress);
    }
  } catch (error) {
    storageFailed = true;
  }
  return keys;
}

function drillAnswer(id) {
  return parseDrill(get("drill:" + id));
}

function ticked(slug) {
  return tickedCount(get("checklist:" + slug));
}

function words(text) {
  return (text || "").split(" ").filter(Boolean);
}

// Show the child whose data-when matches, hide its siblings.
function showWhen(element, state) {
  element.querySelectorAll("[data-when]").forEach((child) => {
    child.hidden = child.dataset.when !== state;
  });
}

// ---------------------------------------------------------------------------- rendering

function renderTally(box) {
  const steps = words(box.dataset.steps);
  const drills = words(box.dataset.drills);
  const max = Number(box.dataset.max);
  const done = steps.filter((key) => get(key) !== null);
  const next = steps.find((key) => get(key) === null) || null;
  const answers = drills.map(drillAnswer).filter(Boolean);
  const counts = {
    steps: done.length,
    drills: answers.length,
    best: answers.filter((answer) => answer.score === max).length,
  };
  box.querySelectorAll("[data-count]").forEach((slot) => {
    if (slot.dataset.count in counts) slot.textContent = String(counts[slot.dataset.count]);
  });
  box.querySelectorAll(".qc-step").forEach((step) => {
    const key = step.dataset.key;
    showWhen(step, get(key) !== null ? "done" : key === next ? "next" : "todo");
  });
  box.querySelectorAll(".qc-next").forEach((line) => {
    line.hidden = line.dataset.key !== next;
  });
  box.querySelectorAll(".qc-path-complete").forEach((line) => {
    line.hidden = !(steps.length > 0 && next === null);
  });
  if (box.dataset.path) {
    const chosen = get("role") === box.dataset.path;
    box.classList.toggle("qc-chosen", chosen);
    box.querySelectorAll(".qc-chosen-note").forEach((note) => { note.hidden = !chosen; });
    box.querySelectorAll(".qc-role-pick").forEach((button) => button.setAttribute("aria-pressed", String(chosen)));
  }
}

function render() {
  document.querySelectorAll("[data-needs-js]").forEach((element) => { element.hidden = false; });
  document.querySelectorAll(".qc-path, .qc-tally").forEach(renderTally);
  document.querySelectorAll(".qc-step-checklist").forEach((line) => {
    const count = line.querySelector("[data-count=ticked]");
    if (count) count.textContent = String(ticked(line.dataset.checklist));
  });
  document.querySelectorAll(".qc-drill-item").forEach((item) => {
    const answer = drillAnswer(item.dataset.drill);
    showWhen(item, answer ? "score-" + answer.score : "todo");
  });
  document.querySelectorAll(".qc-quiz").forEach((box) => {
    const answer = get(box.dataset.key);
    box.querySelectorAll("[data-answer]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.answer === answer));
    });
    showWhen(box, answer || "none");
  });
  document.querySelectorAll(".qc-export-name").forEach((input) => {
    if (!input.value) input.value = get("name") || "";
  });
  document.querySelectorAll(".qc-mark").forEach((button) => {
    const done = get(button.dataset.key) !== null;
    button.setAttribute("aria-pressed", String(done));
    const note = button.parentElement.querySelector(".qc-mark-note");
    if (note) note.hidden = !done;
  });
  const role = get("role");
  document.querySelectorAll(".qc-path-hint").forEach((hint) => {
    hint.hidden = hint.dataset.path !== role;
  });
  if (storageFailed) say("storage");
}

// A pre-rendered message in the transfer box; slots get numbers.
function say(name, numbers = {}) {
  document.querySelectorAll(".qc-transfer-status [data-msg]").forEach((message) => {
    message.hidden = message.dataset.msg !== name;
    if (!message.hidden) {
      message.querySelectorAll("[data-slot]").forEach((slot) => {
        if (slot.dataset.slot in numbers) slot.textContent = String(numbers[slot.dataset.slot]);
      });
    }
  });
}

// ---------------------------------------------------------------------------- controls

function bindOnce(element, setup) {
  if (element.dataset.qcBound) return;
  element.dataset.qcBound = "1";
  setup(element);
}

function setupMark(button) {
  button.addEventListener("click", () => {
    if (get(button.dataset.key) !== null) remove(button.dataset.key);
    else set(button.dataset.key, today());
    render();
  });
}

// A self-test answer: the trainee's own judgement after opening the answer; a second click takes it back.
function setupQuiz(box) {
  box.querySelectorAll("[data-answer]").forEach((button) => {
    button.addEventListener("click", () => {
      if (get(box.dataset.key) === button.dataset.answer) remove(box.dataset.key);
      else set(box.dataset.key, button.dataset.answer);
      render();
    });
  });
}

function setupRolePick(button) {
  button.addEventListener("click", () => {
    set("role", button.dataset.path);
    render();
  });
}

function setupDrill(drill) {
  const form = drill.querySelector(".qc-drill-form");
  const radios = [...form.querySelectorAll("input[type=radio]")];
  const feedback = drill.querySelector(".qc-drill-feedback");
  const pick = drill.querySelector(".qc-drill-pick");
  const show = (index) => {
    feedback.hidden = false;
    feedback.querySelectorAll("[data-choice]").forEach((part) => {
      part.hidden = part.dataset.choice !== String(index);
    });
  };
  const saved = drillAnswer(drill.dataset.drill);
  if (saved && radios[saved.choice]) {
    radios[saved.choice].checked = true;
    show(saved.choice);
  }
  form.addEventListener("change", () => { pick.hidden = true; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const index = radios.findIndex((radio) => radio.checked);
    if (index < 0) {
      pick.hidden = false;
      return;
    }
    pick.hidden = true;
    const before = drillAnswer(drill.dataset.drill);
    const tries = before && Number.isInteger(before.tries) ? before.tries + 1 : 1;
    set("drill:" + drill.dataset.drill, JSON.stringify({ choice: index, score: Number(radios[index].dataset.score), tries }));
    show(index);
    feedback.focus();
    render();
  });
}

// ---------------------------------------------------------------------------- export, import, reset

// The export file's text (the name typed beside it is kept for next time); copy and view (share.js) take
// the same text as the file.
function exportText(box) {
  const input = box.querySelector(".qc-export-name");
  const name = cleanName(input ? input.value : "");
  if (name) set("name", name);
  else remove("name");
  const data = snapshot(progressKeys(), get, new Date().toISOString(), name);
  return JSON.stringify(data, null, 2) + "\n";
}

function exportFile(box) {
  const blob = new Blob([exportText(box)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = EXPORT_NAME;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say("exported");
}

function clearAll() {
  progressKeys().forEach(remove);
}

function importFile(input) {
  const file = input.files && input.files[0];
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    say("invalid");
    input.value = "";
    return;
  }
  file.text().then((text) => {
    let entries = null;
    try {
      entries = entriesOf(JSON.parse(text));
    } catch (error) {
      entries = null;
    }
    input.value = "";
    if (entries === null) {
      say("invalid");
      return;
    }
    clearAll();
    entries.forEach(([key, value]) => set(key, value));
    render();
    say(storageFailed ? "storage" : "imported", { count: entries.length });
  });
}

function setupTransfer(box) {
  const confirm = box.querySelector(".qc-reset-confirm");
  const reset = box.querySelector(".qc-reset");
  const closeConfirm = () => {
    confirm.hidden = true;
    reset.setAttribute("aria-expanded", "false");
  };
  box.querySelector(".qc-export").addEventListener("click", () => exportFile(box));
  box.querySelectorAll(".qc-share").forEach((group) => bindShare(group, () => exportText(box)));
  weChatFirst(box);
  box.querySelector(".qc-import").addEventListener("change", (event) => importFile(event.target));
  reset.addEventListener("click", () => {
    confirm.hidden = false;
    reset.setAttribute("aria-expanded", "true");
    box.querySelector(".qc-reset-yes").focus();
  });
  box.querySelector(".qc-reset-no").addEventListener("click", () => {
    closeConfirm();
    reset.focus();
  });
  box.querySelector(".qc-reset-yes").addEventListener("click", () => {
    clearAll();
    closeConfirm();
    render();
    say("reset");
    reset.focus();
  });
}

// ---------------------------------------------------------------------------- page setup

function setupPage() {
  document.querySelectorAll(".qc-mark").forEach((el) => bindOnce(el, setupMark));
  document.querySelectorAll(".qc-role-pick").forEach((el) => bindOnce(el, setupRolePick));
  document.querySelectorAll(".qc-quiz").forEach((el) => bindOnce(el, setupQuiz));
  document.querySelectorAll(".qc-drill").forEach((el) => bindOnce(el, setupDrill));
  document.querySelectorAll(".qc-transfer").forEach((el) => bindOnce(el, setupTransfer));
  showWeChatNotes(); // the reminder to export, where WeChat may clear this browser's storage
  render();
}

// Material's instant navigation swaps pages without a reload and announces each through document$.
if (window.document$) window.document$.subscribe(setupPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
else setupPage();

// The printable handbook puts its questions in later (print.js): set up what came in.
document.addEventListener(FILLED, setupPage);

// Progress changed in another tab (or a checklist ticked there): show it here too.
window.addEventListener("storage", (event) => {
  if (event.key === null || event.key.startsWith(PREFIX)) render();
});
