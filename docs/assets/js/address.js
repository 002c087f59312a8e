// Address-bar writes for the whole page, within WebKit's allowance.
//
// WebKit (Safari, and so WeChat on iPhone) allows 100 history.pushState/replaceState calls in 10 seconds,
// counted for the whole page and across Material's instant navigation, and throws a SecurityError after
// that. Three writers share it: the calculators (the form's values, on every keystroke), Material's
// instant navigation (pushState for each page) and its scroll tracking (replaceState). Typing quickly
// through a long form, or a fast run of pages, outran it; a refused pushState broke instant navigation.
//
// So every call goes through here. replaceState runs at once up to REPLACE_BURST calls in the window;
// past that it is written at most every REPLACE_SLOW ms, the newest state and address landing last. That
// keeps replaceState under about 80 calls in any window, leaving pushState the rest. A pushState drops a
// waiting replaceState (it was for the page being left); a refused pushState becomes an ordinary load of
// the address, so the reader still arrives.

const WINDOW = 10000;
const REPLACE_BURST = 60;
const REPLACE_SLOW = 500;

const calls = [];
const original = { push: History.prototype.pushState, replace: History.prototype.replaceState };
let waiting = null; // {state, url} of the newest replaceState not yet written
let timer = 0;

// The address as it will be once a waiting write lands: build the next address from this, not location.href,
// or a change still waiting (a pinned scenario, say) would be lost.
export function currentAddress() {
  return new URL(waiting?.url ?? location.href, location.href);
}

function recent(now) {
  while (calls.length && calls[0] <= now - WINDOW) calls.shift();
  return calls.length;
}

// The call's arguments as given: an address left out stays left out (the page keeps its address).
function argsOf(state, unused, url) {
  return url === undefined ? [state, unused] : [state, unused, url];
}

function write(method, target, args) {
  calls.push(performance.now());
  return method.apply(target, args);
}

function flush() {
  timer = 0;
  if (!waiting) return;
  const { state, url } = waiting;
  waiting = null;
  try {
    write(original.replace, history, argsOf(state, "", url));
  } catch (error) {
    console.warn("qunce: address not updated:", error);
  }
}

function replaceState(state, unused, url) {
  const now = performance.now();
  if (!waiting && recent(now) < REPLACE_BURST) {
    try {
      return write(original.replace, this, argsOf(state, unused, url));
    } catch (error) {
      if (error.name !== "SecurityError") throw error;
    }
  }
  // Newest state wins; a waiting address stays unless a later call changes it. A call giving the address the
  // page has now does not: Material's navigation re-writes location.href as it reads it, which is the
  // address before the waiting one lands.
  const keeps = url === undefined || url === null || new URL(String(url), location.href).href === location.href;
  waiting = { state, url: keeps ? waiting?.url : url };
  if (!timer) timer = setTimeout(flush, REPLACE_SLOW);
  return undefined;
}

function pushState(state, unused, url) {
  waiting = null;
  try {
    return write(original.push, this, argsOf(state, unused, url));
  } catch (error) {
    if (error.name !== "SecurityError" || url === undefined) throw error;
    location.assign(new URL(String(url), location.href).href);
    return undefined;
  }
}

// Installed once, before the page's own scripts write the address (History.prototype, so Material's
// calls on window.history come here too).
if (!History.prototype.pushState.qcGuarded) {
  replaceState.qcGuarded = true;
  pushState.qcGuarded = true;
  History.prototype.replaceState = replaceState;
  History.prototype.pushState = pushState;
}
