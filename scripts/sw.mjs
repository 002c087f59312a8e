// Generate the site's service worker (sw.js at the site root) with Workbox, from the built files.
// Called by qunce_site/features/offline.py after every build: node scripts/sw.mjs <site dir>
//
// - Precache (versioned: Workbox keys every file by a hash of its content): every page, the CSS,
//   the JS, the search index, the SVGs and the sitemap (Material's instant navigation reads it).
// - Never precache the Python runtime (Pyodide) or the calculators wheel: they are ~10 MB and only
//   calculator pages need them. They get a cache-first runtime route instead; their URLs carry
//   the version in a folder name (assets/pyodide/<version>/, assets/wheels/<sha>/), so a cached
//   copy never goes stale.
// - The Workbox runtime is bundled into sw.js itself: no importScripts, no CDN.
//
// Prints one JSON line: {"count": files precached, "size": their bytes, "warnings": [...]}.

import { generateSW } from "workbox-build";
import path from "node:path";

const site = process.argv[2];
if (!site) {
  console.error("usage: node scripts/sw.mjs <site dir>");
  process.exit(2);
}

const { count, size, warnings } = await generateSW({
  globDirectory: site,
  // handbook/parts.json: the printable handbook's playbooks and questions (qunce_site/features/handbook.py).
  globPatterns: ["**/*.{html,css,js,svg}", "sitemap.xml", "search/search_index.json", "assets/runtime.json",
    "handbook/parts.json"],
  globIgnores: [
    "sw.js",
    "assets/pyodide/**", // the Python runtime: runtime route below, calculator pages only
    "assets/wheels/**",
    "**/bench-baseline-*/**", // pages scripts/bench.py adds to its own copy of the site
    // Search: for lang zh, Material loads lunr's stemmer support and lunr.zh, nothing else.
    "assets/javascripts/lunr/wordcut.js",
    "assets/javascripts/lunr/tinyseg.js",
    "assets/javascripts/lunr/min/lunr.!(zh|stemmer.support).min.js",
  ],
  swDest: path.join(site, "sw.js"),
  cacheId: "qunce",
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  disableDevLogs: true,
  skipWaiting: true,
  clientsClaim: true, // control the first page too, so the calculator's Python is cached on the first visit
  // Off: it only removes Workbox v3/v4 caches we never had, and it would match by scope prefix and
  // delete the zh-Hant edition's precache (its worker's scope, /zh-Hant/, lies inside this one's).
  cleanupOutdatedCaches: false,
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024, // the search index is ~1 MB
  // Scenario links (?reach=…) and any other query string still find the precached page.
  ignoreURLParametersMatching: [/.*/],
  runtimeCaching: [
    {
      urlPattern: /\/assets\/(pyodide|wheels)\//,
      handler: "CacheFirst",
      options: {
        cacheName: "qunce-python",
        cacheableResponse: { statuses: [200] },
        expiration: { maxEntries: 20 }, // ~3 versions of the 6 files; older ones are dropped
      },
    },
  ],
});

process.stdout.write(JSON.stringify({ count, size, warnings }) + "\n");
