// Module Web Worker: loads Pyodide and the calculators wheel from this site, then answers
// {calcId, inputs} with the JSON that calculators.web.handle returns. Python never runs on
// the page's main thread. Where it can, it starts from a memory snapshot kept on this device
// (qunce-snapshot.js); "ready" says how it started: {start: "restored" | "made" | "plain"}.

import { SnapshotStore, loadAndSnapshot, restore, snapshotsWork } from "./qunce-snapshot.js";

let handle = null;

const calculators = (pyodide) => pyodide.pyimport("calculators.web").handle;

async function plain(loadPyodide, indexURL, wheelURL) {
  const pyodide = await loadPyodide({ indexURL });
  await pyodide.loadPackage(wheelURL, { messageCallback: () => {} });
  return pyodide;
}

// Returns {start, dropped?, save?}: save() stores a snapshot made on the way (after "ready").
async function init({ indexURL, wheelURL, snapshot = true }) {
  const { loadPyodide, version } = await import(indexURL + "pyodide.mjs");
  let store = null;
  if (snapshot && snapshotsWork(version)) {
    try {
      store = await SnapshotStore.open(indexURL, wheelURL);
      await store.dropStale();
    } catch (error) {
      console.warn("qunce worker: no snapshot storage:", error);
      store = null;
    }
  }
  if (!store) {
    handle = calculators(await plain(loadPyodide, indexURL, wheelURL));
    return { start: "plain" };
  }
  let dropped;
  try {
    const stored = await store.find();
    if (stored) {
      handle = calculators(await restore(loadPyodide, indexURL, store.decode(stored)));
      return { start: "restored" };
    }
  } catch (error) {
    // Corrupt, unreadable or refused by Pyodide: never try it again; a fresh one is made below.
    console.warn("qunce worker: snapshot dropped:", error);
    dropped = String(error);
    await store.drop().catch(() => {});
  }
  try {
    const made = await loadAndSnapshot(loadPyodide, indexURL, wheelURL);
    handle = calculators(made.pyodide);
    const save = made.snapshot ? () => store.write(made.snapshot) : null;
    return { start: "made", dropped, save };
  } catch (error) {
    console.warn("qunce worker: snapshot load failed, loading plainly:", error);
    handle = calculators(await plain(loadPyodide, indexURL, wheelURL));
    return { start: "plain", dropped };
  }
}

self.addEventListener("message", async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    let started;
    try {
      started = await init(msg);
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error) });
      return;
    }
    const { save, ...how } = started;
    self.postMessage({ type: "ready", ...how });
    if (save) {
      // After "ready": the page is live while the snapshot is compressed and stored.
      let stored = true;
      try {
        await save();
      } catch (error) {
        console.warn("qunce worker: snapshot not stored:", error);
        stored = false;
      }
      self.postMessage({ type: "snapshot", stored });
    }
  } else if (msg.type === "run") {
    let payload;
    try {
      const inputs = JSON.stringify(msg.inputs);
      // files: [{name, bytes}] for a calculator that reads files. (JS null would reach Python as jsnull, not None.)
      payload = msg.files ? handle(msg.calcId, inputs, msg.files) : handle(msg.calcId, inputs);
    } catch (error) {
      // handle() answers every form with JSON; this is only for a failure of Python itself.
      // Always answer, so the page is never left waiting.
      console.error("qunce worker:", error);
      payload = JSON.stringify({ ok: false, errors: [] });
    }
    self.postMessage({ type: "result", seq: msg.seq, payload });
  }
});
