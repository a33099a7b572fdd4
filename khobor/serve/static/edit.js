// Corrections from the page (only loaded when the server runs with --allow-edits).
// Each form.edit posts JSON to its data-action with the edit token as a Bearer header;
// the token is kept for this tab only (sessionStorage), never in a cookie.
"use strict";
(function () {
  var KEY = "khobor-edit-token";
  var tokenInput = document.getElementById("edit-token");
  var status = document.getElementById("edit-status");
  if (tokenInput) {
    tokenInput.value = sessionStorage.getItem(KEY) || "";
    tokenInput.addEventListener("change", function () { sessionStorage.setItem(KEY, tokenInput.value.trim()); });
  }
  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.className = bad ? "error" : "note";
  }
  function valueOf(form) {
    var field = form.dataset.field;
    if (field === "article_ids" || field === "variants") {
      var picked = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name === field && el.checked) { picked.push(el.value); }
      });
      return picked;
    }
    return form.elements[field].value.trim();
  }
  document.querySelectorAll("form.edit").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = (tokenInput && tokenInput.value.trim()) || sessionStorage.getItem(KEY) || "";
      var body = {};
      body[form.dataset.field] = valueOf(form);
      fetch(form.dataset.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) { throw new Error(answer.error || response.statusText); }
          if (answer.event_id) { window.location.assign("/events/" + encodeURIComponent(answer.event_id)); }
          else if (answer.entity_id) { window.location.assign("/entities/" + encodeURIComponent(answer.entity_id)); }
          else { window.location.reload(); }
        });
      }).catch(function (error) { say(error.message, true); });
    });
  });
}());
