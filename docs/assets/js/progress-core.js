// The reader's progress as data: what a stored value means, the export file, and checking an import.
// No page, no storage: the functions take and return plain values, so node's test runner tests them
// (tests/js/progress-core.test.mjs). The protocol itself (keys, format, limits) is declared once in
// qunce_site/progress.py; qunce-protocol.js is generated from it.

import { FORMAT, ID, KEY, MAX_ENTRIES, MAX_NAME, PREFIX, QUIZ_ANSWERS, READ_VERSIONS, VERSION } from "./qunce-protocol.js";

// A storage key (with the prefix) that holds progress, as a progress key (without it); else null.
export function progressKey(storageKey) {
  if (typeof storageKey !== "string" || !storageKey.startsWith(PREFIX)) return null;
  const key = storageKey.slice(PREFIX.length);
  return KEY.test(key) ? key : null;
}

export function parseJSON(text) {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    return null;
  }
}

// A stored drill answer, or null when there is none or it is damaged.
export function drillAnswer(text) {
  const saved = parseJSON(text);
  if (!saved || typeof saved !== "object" || !Number.isInteger(saved.score)) return null;
  return saved;
}

// How many items a stored checklist has ticked.
export function tickedCount(text) {
  const saved = parseJSON(text);
  if (!saved || typeof saved !== "object") return 0;
  return Object.keys(saved).filter((item) => saved[item]).length;
}

// The name a trainee gives the file: trimmed, at most MAX_NAME characters, or null.
export function cleanName(text) {
  if (typeof text !== "string") return null;
  const name = text.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_NAME);
  return name || null;
}

// The export file for the stored progress: `read(key)` gives a progress key's stored text.
export function snapshot(keys, read, exported, name = null) {
  const data = {
    format: FORMAT, version: VERSION, exported, name: cleanName(name), role: null,
    read: {}, used: {}, checklists: {}, drills: {}, quiz: {},
  };
  for (const key of [...keys].sort()) {
    const [kind, id] = key.split(":");
    if (kind === "role") data.role = read(key);
    else if (kind === "quiz") {
      const answer = read(key);
      if (QUIZ_ANSWERS.includes(answer)) data.quiz[id] = answer;
    }
    else if (kind === "read" || kind === "used") data[kind][id] = read(key);
    else if (kind === "checklist") {
      const saved = parseJSON(read(key)) || {};
      data.checklists[id] = Object.keys(saved).filter((item) => saved[item]).map(Number).filter(Number.isInteger);
    } else if (kind === "drill") {
      const answer = drillAnswer(read(key));
      if (answer) data.drills[id] = { choice: answer.choice, score: answer.score, tries: answer.tries || 1 };
    }
  }
  return data;
}

function smallInt(value, max) {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function shortText(value) {
  return typeof value === "string" && value.length > 0 && value.length <= 40;
}

// The entries of a progress file as [progress key, stored text] pairs, or null when it is not one.
// Files of every version in READ_VERSIONS are read (version 1 has no name and no quiz answers).
export function entriesOf(data) {
  if (!data || typeof data !== "object" || data.format !== FORMAT || !READ_VERSIONS.includes(data.version)) return null;
  const entries = [];
  if (data.role !== null && data.role !== undefined) {
    if (typeof data.role !== "string" || !ID.test(data.role)) return null;
    entries.push(["role", data.role]);
  }
  if (data.name !== null && data.name !== undefined) {
    if (typeof data.name !== "string" || data.name.length > MAX_NAME) return null;
    if (cleanName(data.name)) entries.push(["name", cleanName(data.name)]);
  }
  for (const kind of ["read", "used", "checklists", "drills", "quiz"]) {
    const section = data[kind] === undefined ? {} : data[kind];
    if (!section || typeof section !== "object" || Array.isArray(section)) return null;
    for (const [id, value] of Object.entries(section)) {
      if (!ID.test(id)) return null;
      if (kind === "read" || kind === "used") {
        if (!shortText(value)) return null;
        entries.push([kind + ":" + id, value]);
      } else if (kind === "quiz") {
        if (!QUIZ_ANSWERS.includes(value)) return null;
        entries.push(["quiz:" + id, value]);
      } else if (kind === "checklists") {
        if (!Array.isArray(value) || !value.every((item) => smallInt(item, 999))) return null;
        const state = {};
        value.forEach((item) => { state[item] = 1; });
        entries.push(["checklist:" + id, JSON.stringify(state)]);
      } else {
        if (!value || !smallInt(value.choice, 9) || !smallInt(value.score, 9) || !smallInt(value.tries ?? 1, 9999)) return null;
        entries.push(["drill:" + id, JSON.stringify({ choice: value.choice, score: value.score, tries: value.tries ?? 1 })]);
      }
    }
  }
  return entries.length <= MAX_ENTRIES ? entries : null;
}
