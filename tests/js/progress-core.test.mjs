// The progress file and stored values (docs/assets/js/progress-core.js), with node's own test runner:
// `node --test tests/js/` (run by tests/test_progress_js.py).

import assert from "node:assert/strict";
import { test } from "node:test";

import { cleanName, drillAnswer, entriesOf, progressKey, snapshot, tickedCount } from "../../docs/assets/js/progress-core.js";
import { FORMAT, MAX_ENTRIES, PREFIX, VERSION } from "../../docs/assets/js/qunce-protocol.js";

const stored = {
  role: "new-admin",
  "read:group-rules": "2026-12-01",
  "used:funnel": "2026-12-01",
  "checklist:group-rules": JSON.stringify({ 0: 1, 2: 1, 3: 0 }),
  "drill:night-spam": JSON.stringify({ choice: 1, score: 2, tries: 2 }),
  "quiz:m1-q2": "right",
  "quiz:m3-q1": "wrong",
};
const read = (key) => (key in stored ? stored[key] : null);

test("only the protocol's keys count as progress", () => {
  assert.equal(progressKey(PREFIX + "read:group-rules"), "read:group-rules");
  assert.equal(progressKey(PREFIX + "role"), "role");
  assert.equal(progressKey("read:group-rules"), null, "without the prefix");
  assert.equal(progressKey(PREFIX + "read:Group Rules"), null, "not an id");
  assert.equal(progressKey(PREFIX + "colour:red"), null, "not a kind");
  assert.equal(progressKey("other-site:read:x"), null);
});

test("a damaged stored value reads as nothing, not as an error", () => {
  assert.equal(drillAnswer("{not json"), null);
  assert.equal(drillAnswer(JSON.stringify({ choice: 1 })), null, "no score");
  assert.deepEqual(drillAnswer(stored["drill:night-spam"]), { choice: 1, score: 2, tries: 2 });
  assert.equal(tickedCount(null), 0);
  assert.equal(tickedCount("[oops"), 0);
  assert.equal(tickedCount(stored["checklist:group-rules"]), 2);
});

test("the export file holds every kind of progress in the declared format", () => {
  const data = snapshot(Object.keys(stored), read, "2026-12-01T00:00:00.000Z");
  assert.deepEqual(data, {
    format: FORMAT, version: VERSION, exported: "2026-12-01T00:00:00.000Z", name: null, role: "new-admin",
    read: { "group-rules": "2026-12-01" }, used: { funnel: "2026-12-01" },
    checklists: { "group-rules": [0, 2] }, drills: { "night-spam": { choice: 1, score: 2, tries: 2 } },
    quiz: { "m1-q2": "right", "m3-q1": "wrong" },
  });
});

test("an exported file imports back to the same stored values", () => {
  const entries = entriesOf(snapshot(Object.keys(stored), read, "2026-12-01T00:00:00.000Z"));
  const back = Object.fromEntries(entries);
  assert.equal(back.role, "new-admin");
  assert.equal(back["read:group-rules"], "2026-12-01");
  assert.deepEqual(JSON.parse(back["checklist:group-rules"]), { 0: 1, 2: 1 });
  assert.deepEqual(JSON.parse(back["drill:night-spam"]), { choice: 1, score: 2, tries: 2 });
});

test("anything that is not a progress file of this version is refused whole", () => {
  const good = snapshot(Object.keys(stored), read, "2026-12-01T00:00:00.000Z");
  for (const bad of [
    null, [], "text", { ...good, format: "other" }, { ...good, version: VERSION + 1 }, { ...good, version: 0 },
    { ...good, name: 42 }, { ...good, name: "名".repeat(41) }, { ...good, quiz: { "m1-q1": "maybe" } },
    { ...good, role: "../../etc" }, { ...good, read: { "Bad Id": "2026-12-01" } },
    { ...good, read: { x: "y".repeat(41) } }, { ...good, checklists: { x: [1, -1] } },
    { ...good, drills: { x: { choice: 10, score: 2 } } }, { ...good, used: [] },
  ]) {
    assert.equal(entriesOf(bad), null, JSON.stringify(bad).slice(0, 80));
  }
  const many = { ...good, read: Object.fromEntries(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => [`p${i}`, "2026-12-01"])) };
  assert.equal(entriesOf(many), null, "too many entries");
});

test("the export carries the trainee's name, cleaned, and brings it back on import", () => {
  const data = snapshot(Object.keys(stored), read, "2026-12-01T00:00:00.000Z", "  王小明\n ");
  assert.equal(data.name, "王小明");
  assert.equal(Object.fromEntries(entriesOf(data)).name, "王小明");
  assert.equal(cleanName("   "), null);
  assert.equal(cleanName("x".repeat(60)).length, 40);
  assert.equal(progressKey(PREFIX + "name"), "name");
});

test("self-test answers travel in the file as right or wrong", () => {
  const back = Object.fromEntries(entriesOf(snapshot(Object.keys(stored), read, "2026-12-01T00:00:00.000Z")));
  assert.equal(back["quiz:m1-q2"], "right");
  assert.equal(back["quiz:m3-q1"], "wrong");
});

test("a version 1 file (no name, no quiz answers) still imports", () => {
  const old = {
    format: FORMAT, version: 1, exported: "2026-11-01T00:00:00.000Z", role: "duty-admin",
    read: { "group-rules": "2026-11-01" }, used: {}, checklists: {}, drills: { "night-spam": { choice: 0, score: 1, tries: 1 } },
  };
  const back = Object.fromEntries(entriesOf(old));
  assert.equal(back.role, "duty-admin");
  assert.equal(back["read:group-rules"], "2026-11-01");
  assert.equal(back.name, undefined);
});
