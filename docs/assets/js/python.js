// The Python runtime for calculator pages: one module Web Worker (qunce-worker.js) that outlives
// Material's instant navigation, so the next calculator page is live at once. Callers ask questions
// with `ask` and get the worker's JSON answer; nothing here knows about forms or pages.

const runtime = {
  worker: null,
  ready: false,
  failed: false,
  seq: 0,
  waiting: new Map(), // seq -> callback for the answer
  onReady: [],
  onFailed: [],
};

export function absolute(path) {
  return new URL(path, document.baseURI).href;
}

export function isReady() {
  return runtime.ready;
}

export function hasFailed() {
  return runtime.failed;
}

// Call `callback` once Python is ready (at once if it is).
export function whenReady(callback) {
  if (runtime.ready) callback();
  else runtime.onReady.push(callback);
}

// Call `callback` if Python fails to start.
export function whenFailed(callback) {
  runtime.onFailed.push(callback);
}

// Start the worker for the runtime a calculator block names (data-worker, data-pyodide, data-wheel).
export function startPython(block) {
  if (runtime.worker) return;
  performance.mark("qunce:python-start"); // read by scripts/bench.py
  runtime.worker = new Worker(absolute(block.dataset.worker), { type: "module" });
  runtime.worker.addEventListener("message", (event) => {
    const msg = event.data;
    if (msg.type === "ready") {
      runtime.ready = true;
      // detail.start: how the worker started Python ("restored", "made", "plain"); read by tests and the bench
      performance.mark("qunce:python-ready", { detail: { start: msg.start, dropped: msg.dropped } });
      for (const callback of runtime.onReady.splice(0)) callback();
    } else if (msg.type === "failed") {
      runtime.failed = true;
      console.error("qunce worker:", msg.message);
      for (const callback of runtime.onFailed) callback();
    } else if (msg.type === "snapshot") {
      performance.mark("qunce:python-snapshot", { detail: { stored: msg.stored } }); // stored on this device
    } else if (msg.type === "result") {
      const answer = runtime.waiting.get(msg.seq);
      runtime.waiting.delete(msg.seq);
      if (answer) answer(JSON.parse(msg.payload));
    }
  });
  runtime.worker.postMessage({
    type: "init",
    indexURL: absolute(block.dataset.pyodide),
    wheelURL: absolute(block.dataset.wheel),
    snapshot: block.dataset.snapshot !== "off", // "off": scripts/bench.py's page without a snapshot
  });
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
