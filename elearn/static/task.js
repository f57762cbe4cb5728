// Checks the workplace task's files before they are sent: a body over the server's limit is
// refused before it is read, so the text typed would be lost with it. Here the form is
// simply not sent, and the learner keeps the text and picks other files.
(function () {
  "use strict";
  var form = document.querySelector("form[data-max-files]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var message = document.getElementById("task-file-problem");
  form.addEventListener("submit", function (event) {
    if (!input || !input.files) { return; }
    var maxFiles = Number(form.getAttribute("data-max-files"));
    var maxBytes = Number(form.getAttribute("data-max-bytes"));
    var problem = "";
    if (input.files.length > maxFiles) {
      problem = form.getAttribute("data-too-many");
    }
    for (var i = 0; i < input.files.length && !problem; i++) {
      if (input.files[i].size > maxBytes) {
        problem = form.getAttribute("data-too-big").replace("%s", input.files[i].name);
      }
    }
    if (problem) {
      event.preventDefault();
      message.textContent = problem;
      message.hidden = false;
      input.focus();
    }
  });
})();
