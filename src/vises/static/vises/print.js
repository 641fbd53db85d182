// Buttons marked data-print open the browser's print dialog. A file, not an inline
// handler, so that the Content-Security-Policy can forbid inline script.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
