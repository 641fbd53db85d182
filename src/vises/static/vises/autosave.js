// When an automatic save cannot reach the server, say so in the form's status line. A
// file rather than an hx-on attribute: the Content-Security-Policy forbids evaluating
// script written in the page.
document.addEventListener("htmx:sendError", (event) => {
  const form = event.target.closest("[data-offline]");
  const status = form && document.getElementById("autosave-status");
  if (status) {
    status.textContent = form.dataset.offline;
  }
});
