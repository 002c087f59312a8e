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

// This edition's snapshot store and, if it keeps one for this runtime, the promise of its checked bytes;
// null where there is no storage. Started before Pyodide's scripts are imported: the read (~0.2 s for
// 31.5 MB) and the checksum then overlap them instead of following them.
async function openStore(indexURL, wheelURL) {
  if (typeof caches !== "object" || !self.crypto?.subtle) return null;
  try {
    const store = await SnapshotStore.open(indexURL, wheelURL);
    const stored = await store.find();
    const bytes = stored ? store.decode(stored) : null;
    bytes?.catch(() => {}); // awaited in init; this only keeps a bad one from being reported as unhandled
    return { store, bytes };
  } catch (error) {
    console.warn("qunce worker: no snapshot storage:", error);
    return null;
  }
}

// Returns {start, dropped?, tidy?, save?}, for after "ready": tidy() deletes stale snapshots, save() stores
// one made on the way.
async function init({ indexURL, wheelURL, snapshot = true }) {
  const opening = snapshot ? openStore(indexURL, wheelURL) : Promise.resolve(null);
  const { loadPyodide, version } = await import(indexURL + "pyodide.mjs");
  const found = await opening;
  const store = found && snapshotsWork(version) ? found.store : null;
  if (!store) {
    handle = calculators(await plain(loadPyodide, indexURL, wheelURL));
    return { start: "plain" };
  }
  // Entries of another wheel or Pyodide are never restored; deleting them can wait until the page is live.
  const tidy = () => store.dropStale();
  let dropped;
  try {
    if (found.bytes) {
      handle = calculators(await restore(loadPyodide, indexURL, found.bytes));
      return { start: "restored", tidy };
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
    return { start: "made", dropped, tidy, save };
  } catch (error) {
    console.warn("qunce worker: snapshot load failed, loading plainly:", error);
    handle = calculators(await plain(loadPyodide, indexURL, wheelURL));
    return { start: "plain", dropped, tidy };
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
    const { tidy, save, ...how } = started;
    self.postMessage({ type: "ready", ...how });
    // After "ready": the page is live while the store is tidied and a snapshot made on the way is stored.
    if (tidy) await tidy().catch((error) => console.warn("qunce worker: stale snapshots not deleted:", error));
    if (save) {
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
