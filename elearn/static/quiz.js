// Saves quiz answers as the learner goes, so a reload or a dropped connection loses nothing.
// Without JavaScript the "Simpan" button does the same.
// Offline (issue 19), answers and "Kirim jawaban" wait on the device (offline.js keeps them
// in IndexedDB and sends them when the signal returns); the server scores them then.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var offline = window.ElearnOffline; // absent without IndexedDB: the network is needed
  var attempt = form.getAttribute("data-attempt");
  var timer = null;
  var touched = {};
  // This page's name among the tabs answering the same attempt, and when it opened.
  var page = String(Math.random()).slice(2);
  var opened = Date.now();

  // The server's clock as this device reads it, measured when the page came from the server
  // and remembered for the copy of the page opened offline. The server believes the time an
  // answer was written only within its offline grace (docs/offline.md).
  var clockKey = "elearn-clock-" + attempt;
  var skew = 0;
  try {
    if (navigator.onLine) {
      skew = Number(form.getAttribute("data-server-ms")) - Date.now();
      localStorage.setItem(clockKey, String(skew));
    } else {
      skew = Number(localStorage.getItem(clockKey)) || 0;
    }
  } catch (e) { /* no storage: the device's own clock */ }

  function say(text) { if (status) { status.textContent = text; } }
  function fields(qid) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === "q-" + qid; });
  }
  function questions() {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name.indexOf("q-") === 0) { seen[el.name.slice(2)] = true; }
    });
    return Object.keys(seen);
  }
  function valueOf(qid) {
    var all = fields(qid);
    if (all.length === 1 && all[0].type === "text") { return all[0].value.trim() ? all[0].value : null; }
    var chosen = all.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    if (!chosen.length) { return null; }
    return all[0].type === "radio" ? chosen[0] : chosen;
  }
  function show(qid, value) {
    fields(qid).forEach(function (el) {
      if (el.type === "text") { el.value = value || ""; }
      else if (el.type === "radio") { el.checked = value === el.value; }
      else { el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0; }
    });
  }
  function lock() {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
  }

  function keep(qids, submit) {
    var at = Date.now() + skew;
    var url = form.getAttribute("data-offline");
    var entries = qids.map(function (qid) {
      return {attempt: attempt, url: url, qid: qid, value: valueOf(qid), at: at, page: page};
    });
    if (submit) { entries.push({attempt: attempt, url: url, submit: true, at: at, page: page}); }
    return offline.queue(entries).then(function () {
      say(form.getAttribute(submit ? "data-kept-submit" : "data-kept"));
    });
  }

  function save() {
    timer = null;
    var changed = Object.keys(touched);
    touched = {};
    if (!navigator.onLine && offline) { keep(changed, false); return; }
    var began = Date.now();
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      say(form.getAttribute(response.ok ? "data-saved" : "data-not-saved"));
      // The whole form reached the server: answers this page kept offline are in it.
      if (response.ok && offline) { offline.forget(attempt, began, page, opened); }
    }).catch(function () {
      if (offline) { keep(questions(), false); }
      else { say(form.getAttribute("data-not-saved")); }
    });
  }
  function later(event) {
    var name = event.target.name || "";
    if (name.indexOf("q-") === 0) { touched[name.slice(2)] = true; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 600);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);

  if (!offline) { return; }
  form.addEventListener("submit", function (event) {
    if (navigator.onLine) { return; }
    event.preventDefault();
    var button = event.submitter;
    var submit = !button || button.value === "submit";
    keep(questions(), submit).then(function () { if (submit) { lock(); } });
  });
  // What this device answered offline and has not sent yet is newer than the page.
  offline.pending(attempt).then(function (items) {
    var submitted = false;
    items.forEach(function (item) {
      if (item.submit) { submitted = true; } else { show(item.qid, item.value); }
    });
    if (submitted) { lock(); say(form.getAttribute("data-kept-submit")); }
  });
  // Sent and scored when the signal came back: the result is on the attempt's page.
  document.addEventListener("elearn:answers-sent", function (event) {
    if (event.detail.attempt === attempt && event.detail.done) { window.location.assign(event.detail.url); }
  });
})();
