// Start Python in the worker from a memory snapshot made on this device, when there is a usable one.
//
// A snapshot is the interpreter's memory right after `import calculators.web`: restoring it takes
// ~0.4 s against ~2.8 s for a plain load. Pyodide's snapshot options are underscore-prefixed (not a
// public API), so they are used only with the Pyodide versions listed here, and every failure falls
// back to a plain load. No JavaScript object may enter Python before the snapshot is taken
// ("Unexpected hiwire entry"), so the wheel is written to Python's file system and unzipped by Python
// instead of being loaded with loadPackage.
//
// Storage: Cache Storage, cache CACHE, one entry per edition (the worker's folder) keyed by the
// Pyodide folder's and the wheel's URLs (the build names both folders by version / content hash).
// Entries of the same edition under another key are stale and deleted. The body is the raw snapshot
// (31.5 MB): CompressionStream's gzip would keep 7.1 MB, but unzipping it added 150–300 ms to every
// repeat visit (headless Chromium 156, 2026-12-01). A header carries its SHA-256, checked before use.

import { SNAPSHOT_CACHE } from "./python.js"; // python.js only declares at load: safe in a worker

export const CACHE = SNAPSHOT_CACHE;
// The Pyodide versions whose snapshot options were checked with this code (tests/test_snapshot.py
// fails when the pinned Pyodide is not listed, so an upgrade is checked again, not silently slower).
export const VERIFIED_PYODIDE = ["314.0.7"];
const SHA_HEADER = "x-qunce-sha256";

// Unzip the wheel (already written to `path`) into site-packages and import the calculators.
const INSTALL = (path) => `
import importlib, sysconfig, zipfile
with zipfile.ZipFile(${JSON.stringify(path)}) as wheel:
    wheel.extractall(sysconfig.get_paths()["purelib"])
importlib.invalidate_caches()
import calculators.web
`;

// Whether this browser and this Pyodide can make and keep snapshots.
export function snapshotsWork(version) {
  return (
    VERIFIED_PYODIDE.includes(version) &&
    typeof caches === "object" &&
    Boolean(self.crypto?.subtle)
  );
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The snapshots of this edition: `folder` is the same for every version of it.
export class SnapshotStore {
  // `workerURL`: the worker script's address, which names the edition's folder (a page asking has its own).
  constructor(cache, indexURL, wheelURL, workerURL = self.location.href) {
    this.cache = cache;
    this.folder = new URL("qunce-snapshot/", workerURL).href;
    this.key = this.folder + "?" + new URLSearchParams({ pyodide: indexURL, wheel: wheelURL });
  }

  static async open(indexURL, wheelURL, workerURL = self.location.href) {
    return new SnapshotStore(await caches.open(CACHE), indexURL, wheelURL, workerURL);
  }

  // Delete this edition's entries under any other key (another wheel or Pyodide): never restored.
  async dropStale() {
    for (const request of await this.cache.keys()) {
      if (request.url.startsWith(this.folder) && request.url !== this.key) await this.cache.delete(request);
    }
  }

  async drop() {
    await this.cache.delete(this.key);
  }

  // The stored entry (a Response), or null if there is none.
  async find() {
    return (await this.cache.match(this.key)) ?? null;
  }

  // The raw snapshot in `response`; rejects if it is unreadable or its checksum is wrong. (Checked before
  // Pyodide sees it: restoring while hashing, off this thread, gained nothing measurable, and a restore
  // from bad bytes must never run.)
  async decode(response) {
    const expected = response.headers.get(SHA_HEADER);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if ((await sha256(bytes)) !== expected) throw new Error("snapshot checksum mismatch");
    return bytes;
  }

  async write(bytes) {
    const headers = { [SHA_HEADER]: await sha256(bytes), "content-type": "application/octet-stream" };
    await this.cache.put(this.key, new Response(bytes, { headers }));
  }
}

// Load Pyodide, install the wheel and import the calculators, taking a snapshot on the way.
// Returns {pyodide, snapshot} (snapshot: bytes, or null if taking it failed).
export async function loadAndSnapshot(loadPyodide, indexURL, wheelURL) {
  const wheel = fetch(wheelURL).then((response) => {
    if (!response.ok) throw new Error(`wheel: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  wheel.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true }); // the wheel downloads meanwhile
  const path = "/tmp/" + new URL(wheelURL).pathname.split("/").pop();
  pyodide.FS.writeFile(path, new Uint8Array(await wheel));
  pyodide.runPython(INSTALL(path));
  let snapshot = null;
  try {
    snapshot = pyodide.makeMemorySnapshot();
  } catch (error) {
    console.warn("qunce worker: no snapshot:", error);
  }
  return { pyodide, snapshot };
}

// `bytes` may be a promise: Pyodide fetches its files while the snapshot is read and checked.
export async function restore(loadPyodide, indexURL, bytes) {
  return loadPyodide({ indexURL, _loadSnapshot: bytes });
}
