// Copy and view for every download. WeChat's in-app browser on iPhone saves no file from a data: or blob:
// link, so each download (.qc-share, rendered by Python: calculators/kit/markup.py `share`, or by a
// template) also offers a copy button (the text to the clipboard) and a view button (the text in a
// selectable box).
// Inside WeChat those come first and a hint says how to open the page in the system browser.
// This module only copies and shows: every word on screen is pre-rendered.

const bound = new WeakSet();

// WeChat (MicroMessenger; WeChat Work, WeCom, adds wxwork), whose web view may drop downloads and, on logout, storage.
export const inWeChat = /MicroMessenger|wxwork/i.test(navigator.userAgent);

// The text a data: URL holds (base64 or percent-encoded); a UTF-8 BOM is dropped (TextDecoder does),
// since the BOM is only there for Excel opening the file.
export function dataURLText(href) {
  const comma = href.indexOf(",");
  const header = href.slice(0, comma);
  const body = href.slice(comma + 1);
  if (!/;base64$/i.test(header)) return decodeURIComponent(body);
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder("utf-8").decode(bytes);
}

// The old way, for web views without the Clipboard API (or that refuse it): select a text box and copy.
function copyBySelection(text, box) {
  const own = !box;
  const area = box || document.createElement("textarea");
  if (own) {
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position:fixed;top:0;left:0;opacity:0;";
    document.body.append(area);
  }
  area.focus({ preventScroll: true });
  area.select();
  area.setSelectionRange(0, text.length); // iOS selects nothing with select() alone
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch (error) {
    done = false;
  }
  if (own) area.remove();
  return done;
}

// Put `text` on the clipboard; resolves true when it is there.
export function copyText(text, box = null) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).then(() => true, () => copyBySelection(text, box));
  }
  return Promise.resolve(copyBySelection(text, box));
}

// Show one pre-rendered message of a status line (children with data-msg), hide the others.
export function say(status, name) {
  if (!status) return;
  status.querySelectorAll("[data-msg]").forEach((message) => { message.hidden = message.dataset.msg !== name; });
}

function openView(group, text) {
  const box = group.querySelector(".qc-share-text");
  const view = group.querySelector(".qc-view");
  box.value = text;
  box.hidden = false;
  if (view) view.setAttribute("aria-expanded", "true");
  return box;
}

// Bind one .qc-share group: `textOf()` gives the text to copy and show (made when asked, so it is current).
export function bindShare(group, textOf) {
  if (bound.has(group)) return;
  bound.add(group);
  const copy = group.querySelector(".qc-copy");
  const view = group.querySelector(".qc-view");
  const box = group.querySelector(".qc-share-text");
  const status = group.querySelector(".qc-share-status");
  copy.hidden = false;
  view.hidden = false;
  copy.addEventListener("click", () => {
    const text = textOf();
    copyText(text, box.hidden ? null : box).then((done) => {
      if (done) {
        say(status, "copied");
        return;
      }
      // Nothing copied: open the text, selected, so a long press copies it.
      const shown = openView(group, text);
      shown.focus();
      shown.setSelectionRange(0, text.length);
      say(status, "failed");
    });
  });
  view.addEventListener("click", () => {
    if (view.getAttribute("aria-expanded") === "true") {
      box.hidden = true;
      view.setAttribute("aria-expanded", "false");
      return;
    }
    openView(group, textOf()).focus();
  });
  // One tap selects it all, ready for the phone's own copy menu.
  box.addEventListener("focus", () => box.setSelectionRange(0, box.value.length));
}

// Inside WeChat: copy and view first, the download last, and the hint (once in `root`) shown.
export function weChatFirst(root) {
  if (!inWeChat) return;
  let hinted = false;
  root.querySelectorAll(".qc-share").forEach((group) => {
    const row = group.querySelector(".qc-share-row");
    const download = row && row.querySelector("a[download], .qc-download");
    if (download && download !== row.lastElementChild) row.append(download);
    const hint = group.querySelector(".qc-wechat-hint");
    if (hint) {
      hint.hidden = hinted;
      hinted = true;
    }
  });
}

// Every download link to a data: URL inside `root` (a calculator's result, a pinned one).
export function setupShares(root) {
  root.querySelectorAll(".qc-share").forEach((group) => {
    const link = group.querySelector("a[download][href^='data:']");
    if (link) bindShare(group, () => dataURLText(link.getAttribute("href")));
  });
  weChatFirst(root);
}

// Pre-rendered notes meant only for WeChat (the reminder to export progress), shown there.
export function showWeChatNotes(root = document) {
  if (inWeChat) root.querySelectorAll(".qc-wechat-only").forEach((note) => { note.hidden = false; });
}
