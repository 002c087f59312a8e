// A playbook's checklist: real checkboxes whose ticks stay in this browser (localStorage), under the
// key the build wrote in data-key (the progress protocol: qunce_site/progress.py).

import { PREFIX } from "./qunce-protocol.js";

export function setupChecklist(list) {
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
