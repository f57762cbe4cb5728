// Saves quiz answers as the learner goes, so a reload or a dropped connection loses nothing.
// Without JavaScript the "Simpan" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  function save() {
    timer = null;
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (status) {
        status.textContent = response.ok ? "Jawaban tersimpan otomatis." : "Jawaban belum tersimpan; gunakan tombol Simpan.";
      }
    }).catch(function () {
      if (status) { status.textContent = "Koneksi terputus; jawaban akan disimpan saat tersambung lagi."; }
    });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 600);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);
})();
