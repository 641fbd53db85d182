// Coding a passage by selecting it: the characters selected in the transcript fill the
// coding form's hidden start and end (and its lines, shown), so the server codes exactly
// what was selected. Without this file the form codes the lines typed in.
(() => {
  const transcript = document.getElementById("transcript");
  const form = document.getElementById("code-form");
  if (!transcript || !form) {
    return;
  }
  const shown = document.getElementById("selection");
  const field = (name) => form.elements.namedItem(name);

  // Python counts characters, JavaScript UTF-16 units: an emoji is one, not two.
  const characters = (text) => Array.from(text).length;

  const line = (node) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return element && element.closest("li[data-offset]");
  };

  // The offset in the document's text of a point of the selection.
  const offsetOf = (node, offset, isEnd) => {
    let item = line(node);
    if (!item && node === transcript) {
      const items = transcript.querySelectorAll("li[data-offset]");
      item = items[Math.min(offset, items.length - 1)];
      if (offset >= items.length) {
        return lineEnd(item);
      }
      return Number(item.dataset.offset);
    }
    if (!item || !transcript.contains(item)) {
      return null;
    }
    const text = item.querySelector(".line-text");
    const start = Number(item.dataset.offset);
    if (node.nodeType === Node.TEXT_NODE && text.contains(node)) {
      return start + characters(node.textContent.slice(0, offset));
    }
    // A point on the line itself or in its margin: its start, or its end.
    return isEnd && (offset > 0 || !text.contains(node)) ? lineEnd(item) : start;
  };
  const lineEnd = (item) =>
    Number(item.dataset.offset) + characters(item.querySelector(".line-text").textContent);
  const lineNumber = (item) => Number(item.id.replace("line-", ""));

  const clear = () => {
    field("start").value = "";
    field("end").value = "";
    shown.textContent = shown.dataset.none;
  };

  const read = () => {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!transcript.contains(range.commonAncestorContainer)) {
      return;
    }
    const start = offsetOf(range.startContainer, range.startOffset, false);
    const end = offsetOf(range.endContainer, range.endOffset, true);
    const first = line(range.startContainer) || transcript.querySelector("li[data-offset]");
    let last = line(range.endContainer) || transcript.querySelector("li[data-offset]:last-child");
    if (start === null || end === null || end <= start) {
      return;
    }
    // A selection ending at the very start of a line ends on the line before.
    if (end === Number(last.dataset.offset) && last.previousElementSibling) {
      last = last.previousElementSibling;
    }
    field("start").value = start;
    field("end").value = end;
    field("first_line").value = lineNumber(first);
    field("last_line").value = lineNumber(last);
    const words = selection.toString().trim();
    shown.textContent = `${shown.dataset.chosen} “${words.length > 200 ? `${words.slice(0, 200)}…` : words}”`;
  };

  transcript.addEventListener("mouseup", read);
  transcript.addEventListener("keyup", read);
  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    if (selection.rangeCount && transcript.contains(selection.getRangeAt(0).commonAncestorContainer)) {
      read();
    }
  });
  // Lines typed by hand are what the person means: forget the selection.
  for (const name of ["first_line", "last_line"]) {
    field(name).addEventListener("input", clear);
  }
})();
