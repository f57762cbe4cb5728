// The course editor, improved: a small Markdown toolbar, a live preview beside the textarea,
// problem links that select their line, and a warning before leaving unsaved text.
// Without JavaScript the same page works: the form posts, and "Pratinjau" opens a page.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  var area = document.getElementById("text");
  if (!form || !area) { return; }
  var previewBody = document.getElementById("preview-body");
  var previewStatus = document.getElementById("preview-status");
  var previewUrl = area.getAttribute("data-preview");

  // -- toolbar -------------------------------------------------------------------------

  function selection() {
    return { start: area.selectionStart, end: area.selectionEnd, text: area.value.slice(area.selectionStart, area.selectionEnd) };
  }

  function replace(start, end, text, selectFrom, selectTo) {
    area.focus();
    area.setRangeText(text, start, end, "end");
    if (selectFrom !== undefined) { area.setSelectionRange(start + selectFrom, start + selectTo); }
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function wrap(before, after, placeholder) {
    var s = selection();
    var inner = s.text || placeholder;
    replace(s.start, s.end, before + inner + after, before.length, before.length + inner.length);
  }

  function prefixLines(prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var lines = value.slice(start, end).split("\n");
    var text = lines.map(function (line) { return line.indexOf(prefix) === 0 ? line : prefix + line; }).join("\n");
    replace(start, end, text, text.length, text.length);
  }

  function insertBlock(text) {
    var s = selection();
    var value = area.value;
    var lead = s.start === 0 || value.slice(s.start - 2, s.start) === "\n\n" ? "" : (value.charAt(s.start - 1) === "\n" ? "\n" : "\n\n");
    replace(s.start, s.end, lead + text, lead.length, lead.length + text.length);
  }

  var QUESTION = "### Tulis pertanyaan di sini\n- [x] Jawaban yang benar\n- [ ] Jawaban yang salah\n\n> Penjelasan setelah peserta menjawab.\n";
  var tools = [
    ["B", "Tebal", function () { wrap("**", "**", "teks tebal"); }],
    ["I", "Miring", function () { wrap("_", "_", "teks miring"); }],
    ["H", "Judul bagian", function () { prefixLines("## "); }],
    ["•", "Daftar", function () { prefixLines("- "); }],
    ["Tautan", "Tautan", function () { wrap("[", "](https://)", "teks tautan"); }],
    ["Gambar", "Gambar dari folder media", function () { wrap("![", "](media/nama-berkas.png)", "keterangan gambar"); }],
    ["Soal", "Soal kuis", function () { insertBlock(QUESTION); }]
  ];
  var bar = document.createElement("div");
  bar.className = "toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Format Markdown");
  bar.setAttribute("aria-controls", "text");
  tools.forEach(function (tool) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = tool[0];
    button.title = tool[1];
    button.setAttribute("aria-label", tool[1]);
    button.addEventListener("click", tool[2]);
    bar.appendChild(button);
  });
  area.parentNode.insertBefore(bar, area);

  // -- live preview ----------------------------------------------------------------------

  var timer = null;
  var sent = 0;
  function refresh() {
    timer = null;
    if (!previewUrl || !previewBody || !window.fetch || !window.FormData) { return; }
    var number = ++sent;
    if (previewStatus) { previewStatus.textContent = "(memuat...)"; }
    fetch(previewUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      if (number !== sent) { return; }  // an older answer arriving late
      previewBody.innerHTML = html;
      if (previewStatus) { previewStatus.textContent = "(teks Anda, belum disimpan)"; }
    }).catch(function (error) {
      if (number !== sent) { return; }
      if (error.message === "429") {
        // Previews are limited per account: try again once the minute has moved on.
        if (previewStatus) { previewStatus.textContent = "(terlalu sering diperbarui; pratinjau dicoba lagi sebentar lagi)"; }
        if (!timer) { timer = setTimeout(refresh, 15000); }
        return;
      }
      if (previewStatus) { previewStatus.textContent = "(pratinjau gagal dimuat; simpan lalu buka Pratinjau)"; }
    });
  }

  var dirty = false;
  area.addEventListener("input", function () {
    dirty = true;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 700);
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // -- problem links select their line in the textarea ------------------------------------

  function selectLine(number) {
    var lines = area.value.split("\n");
    var index = Math.max(0, Math.min(number, lines.length) - 1);
    var start = 0;
    for (var i = 0; i < index; i++) { start += lines[i].length + 1; }
    area.focus();
    area.setSelectionRange(start, start + lines[index].length);
    var style = window.getComputedStyle(area);
    var lineHeight = parseFloat(style.lineHeight) || 24;
    area.scrollTop = Math.max(0, (index - 3) * lineHeight);
    area.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.line-link[data-line]") : null;
    if (!link) { return; }
    event.preventDefault();
    selectLine(parseInt(link.getAttribute("data-line"), 10) || 1);
  });
})();
