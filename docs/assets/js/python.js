// The Python runtime for calculator pages: one module Web Worker (qunce-worker.js) that outlives
// Material's instant navigation, so the next calculator page is live at once. Callers ask questions
// with `ask` and get the worker's JSON answer; nothing here knows about forms or pages.

// Where the worker keeps its memory snapshot (qunce-snapshot.js); here too, so a page can ask whether there
// is one without loading that module.
export const SNAPSHOT_CACHE = "qunce-snapshot";
// localStorage: the runtime whose snapshot this device kept when last seen, so a calculator page starts
// Python without first asking Cache Storage (~50 ms on a repeat visit). Only a hint: when it is wrong
// the worker starts the ordinary way. (Not under the progress keys' "qunce:" prefix: it is not progress.)
const KEPT_HINT = "qunce-runtime:snapshot";

const runtime = {
  worker: null,
  ready: false,
  problem: null, // null, or why Python is not live: "unsupported", "failed" or "slow" (calculators/kit/startup.py)
  timer: 0,
  seq: 0,
  waiting: new Map(), // seq -> callback for the answer
  onReady: [],
  onProblem: [],
  key: "", // the runtime the worker runs (runtimeKey)
};

// A WebAssembly module with one exception tag: it validates only where WebAssembly exception handling
// exists, which Pyodide 314 is built with (Chrome 95, Safari 15.2, Firefox 100).
const EXCEPTIONS_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 13, 3, 1, 0, 0]);

// What this browser lacks that the worker needs, or null. (Module workers are checked as the worker is
// made, in startPython: a probe worker of its own would be one more request that never ends.)
function missingFeature() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") return "WebAssembly";
  if (!WebAssembly.validate(EXCEPTIONS_PROBE)) return "WebAssembly exception handling";
  if (typeof Worker !== "function") return "Worker";
  return null;
}

// The worker, or null where module workers are missing: a browser without them never reads the `type`
// option (and would run the module as a classic script, which fails).
function moduleWorker(url) {
  let modules = false;
  const worker = new Worker(url, { get type() { modules = true; return "module"; } });
  if (modules) return worker;
  worker.terminate();
  return null;
}

export function absolute(path) {
  return new URL(path, document.baseURI).href;
}

export function isReady() {
  return runtime.ready;
}

// Why Python is not live yet ("unsupported", "failed", "slow"), or null.
export function problem() {
  return runtime.problem;
}

// Call `callback` once Python is ready (at once if it is); also after a slow start.
export function whenReady(callback) {
  if (runtime.ready) callback();
  else runtime.onReady.push(callback);
}

// Call `callback(problem)` each time a problem is found: "slow" may be followed by "failed" or by ready.
export function whenProblem(callback) {
  runtime.onProblem.push(callback);
}

function report(problem, detail) {
  if (runtime.ready || runtime.problem === "unsupported" || runtime.problem === "failed") return;
  runtime.problem = problem;
  if (problem !== "slow") clearTimeout(runtime.timer);
  (problem === "slow" ? console.warn : console.error)("qunce python:", problem, detail);
  for (const callback of runtime.onProblem) callback(problem);
}

// Start the worker for the runtime a calculator block names (data-worker, data-pyodide, data-wheel), after
// checking that the browser can run it. If the worker has not answered within the block's data-time-limit
// seconds, the page says so and keeps waiting: a slow network still gets there.
export function startPython(block) {
  if (runtime.worker || runtime.problem === "unsupported") return;
  const missing = missingFeature();
  if (missing) {
    report("unsupported", `this browser has no ${missing}`);
    return;
  }
  performance.mark("qunce:python-start"); // read by scripts/bench.py
  const urls = runtimeOf(block);
  try {
    runtime.worker = moduleWorker(urls.worker);
  } catch (error) {
    report("failed", String(error));
    return;
  }
  if (!runtime.worker) {
    report("unsupported", "this browser has no module Worker");
    return;
  }
  // (A worker started ahead of time, with no calculator waiting, has no limit.)
  if (block.dataset.timeLimit) {
    runtime.timer = setTimeout(() => report("slow", "no answer yet"), Number(block.dataset.timeLimit) * 1000);
  }
  // The worker's script failed to load or to run (an old engine's syntax error, a lost connection).
  runtime.worker.addEventListener("error", (event) => report("failed", event.message || "worker error"));
  runtime.worker.addEventListener("message", (event) => {
    const msg = event.data;
    if (msg.type === "ready") {
      clearTimeout(runtime.timer);
      runtime.ready = true;
      runtime.problem = null;
      // detail.start: how the worker started Python ("restored", "made", "plain"); read by tests and the bench
      performance.mark("qunce:python-ready", { detail: { start: msg.start, dropped: msg.dropped } });
      hint(msg.start === "restored");
      for (const callback of runtime.onReady.splice(0)) callback();
    } else if (msg.type === "failed") {
      report("failed", msg.message);
    } else if (msg.type === "snapshot") {
      performance.mark("qunce:python-snapshot", { detail: { stored: msg.stored } }); // stored on this device
      hint(msg.stored);
    } else if (msg.type === "result") {
      const answer = runtime.waiting.get(msg.seq);
      runtime.waiting.delete(msg.seq);
      if (answer) answer(JSON.parse(msg.payload));
    }
  });
  runtime.key = runtimeKey(urls);
  runtime.worker.postMessage({
    type: "init",
    indexURL: urls.pyodide,
    wheelURL: urls.wheel,
    snapshot: block.dataset.snapshot !== "off", // "off": scripts/bench.py's page without a snapshot
  });
}

// Start Python for a calculator block as early as is good for the page. A first visit's downloads (~7 MB)
// wait for the first paint, so they never compete with the page's own files; a device that keeps a
// snapshot for this runtime has Python's files cached and restores in ~0.4 s, so it starts at once.
export function startPythonSoon(block) {
  const afterPaint = () => requestAnimationFrame(() => setTimeout(() => startPython(block), 0));
  if (runtime.worker) {
    afterPaint();
    return;
  }
  const urls = runtimeOf(block);
  if (hinted(runtimeKey(urls))) {
    startPython(block);
    return;
  }
  snapshotKept(urls)
    .then((kept) => (kept ? startPython(block) : afterPaint()))
    .catch(afterPaint);
}

// The runtime a calculator block names (data-worker, data-pyodide, data-wheel), as absolute URLs.
function runtimeOf(block) {
  const { worker, pyodide, wheel } = block.dataset;
  return { worker: absolute(worker), pyodide: absolute(pyodide), wheel: absolute(wheel) };
}

// A runtime as one string, for the hint.
function runtimeKey({ worker, pyodide, wheel }) {
  return JSON.stringify([worker, pyodide, wheel]);
}

function hinted(key) {
  try {
    return localStorage.getItem(KEPT_HINT) === key;
  } catch (error) {
    return false; // storage refused (a private window, a WebView): ask Cache Storage instead
  }
}

// Remember whether the worker's runtime has a snapshot kept on this device.
function hint(kept) {
  try {
    if (kept) localStorage.setItem(KEPT_HINT, runtime.key);
    else if (localStorage.getItem(KEPT_HINT) === runtime.key) localStorage.removeItem(KEPT_HINT);
  } catch (error) {
    // storage refused: every visit asks Cache Storage, as before
  }
}

// Whether this device keeps a snapshot for the runtime named by absolute URLs {worker, pyodide, wheel}.
export async function snapshotKept({ worker, pyodide, wheel }) {
  if (typeof caches !== "object") return false;
  const { SnapshotStore } = await import("./qunce-snapshot.js");
  return Boolean(await (await SnapshotStore.open(pyodide, wheel, worker)).find());
}

// Ask one calculator for one scenario; `answer` gets the worker's JSON (calculators.web.handle).
// `files` ([{name, bytes: ArrayBuffer}]) go to a calculator that reads files: their buffers are
// transferred to the worker, not copied, and never leave this device.
export function ask(calcId, inputs, answer, files = null) {
  const seq = ++runtime.seq;
  runtime.waiting.set(seq, answer);
  const transfer = files ? files.map((file) => file.bytes) : [];
  runtime.worker.postMessage({ type: "run", seq, calcId, inputs, files }, transfer);
}
