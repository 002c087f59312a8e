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
    self.postMessage({ type: "result", seq: msg.seq, payload: handle(msg.calcId, JSON.stringify(msg.inputs)) });
  }
});
