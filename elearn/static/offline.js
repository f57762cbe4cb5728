/* Installable web app and the offline banner (issue 19). Without JavaScript the site works
   as before: nothing here is needed to read or submit a page. */
"use strict";

(function () {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {
      // No worker (private mode, an old browser): the site simply needs the network.
    });
  }
  var banner = document.getElementById("offline-banner");
  if (!banner) return;
  function show() { banner.hidden = navigator.onLine; }
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
})();
