// A running job's page updates itself without reloading: every few seconds it fetches the page
// again and swaps in the new content, which a screen reader hears through the status region.
// (A <meta http-equiv="refresh"> reloaded the whole page under the reader: WCAG 2.2.1.)
(function () {
  "use strict";
  const script = document.currentScript;
  const seconds = Number(script.dataset.seconds) || 5;
  const main = document.querySelector("main");
  const status = main && main.querySelector(".job-status");
  if (!main || !status) return;
  status.setAttribute("role", "status");

  async function poll() {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const freshMain = fresh.querySelector("main");
    const freshStatus = freshMain && freshMain.querySelector(".job-status");
    if (!freshStatus) return;
    const finished = !fresh.querySelector("script[data-job-progress]");
    for (const node of main.querySelectorAll(".job-status ~ *, progress")) {
      if (!node.contains(document.activeElement)) node.remove();
    }
    status.innerHTML = freshStatus.innerHTML;
    status.dataset.status = freshStatus.dataset.status;
    for (const node of [...freshMain.querySelectorAll(".job-status ~ *")].reverse()) {
      status.after(document.importNode(node, true));
    }
    if (!finished) window.setTimeout(poll, seconds * 1000);
  }
  window.setTimeout(poll, seconds * 1000);
})();
