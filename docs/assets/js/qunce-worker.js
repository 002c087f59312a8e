// Module Web Worker: loads Pyodide and the calculators wheel from this site, then answers
// {calcId, inputs} with the JSON that calculators.web.handle returns. Python never runs on
// the page's main thread.

let handle = null;

async function init({ indexURL, wheelURL }) {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  await pyodide.loadPackage(wheelURL, { messageCallback: () => {} });
  handle = pyodide.pyimport("calculators.web").handle;
}

self.addEventListener("message", async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    try {
      await init(msg);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error) });
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
