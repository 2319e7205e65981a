// Newsletter signup: forms answer in place, and the pop-up invites a reader once.
(function () {
  "use strict";
  var REMEMBER = "masthead-newsletter-popup"; // "closed" or "subscribed", kept in this browser

  function remembered() {
    try { return window.localStorage.getItem(REMEMBER); } catch (e) { return "closed"; }
  }
  function remember(value) {
    try { window.localStorage.setItem(REMEMBER, value); } catch (e) { /* private mode */ }
  }

  // Forms post without a reload; without JavaScript they post and the server answers a page.
  document.querySelectorAll("[data-signup]").forEach(function (form) {
    var message = form.querySelector(".signup__message");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      message.textContent = "Sending…";
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          message.textContent = answer.message;
          form.classList.toggle("signup--error", !answer.ok);
          if (answer.ok) { form.classList.add("signup--done"); remember("subscribed"); }
        })
        .catch(function () {
          message.textContent = "Something went wrong. Please try again.";
          form.classList.add("signup--error");
        });
    });
  });

  var dialog = document.querySelector("[data-signup-dialog]");
  if (!dialog || remembered() || typeof dialog.showModal !== "function") { return; }
  var article = document.querySelector(".article__body");
  var returnTo = null;
  var opened = false;

  function formInSight() {
    // Never cover a signup form the reader is looking at or typing in.
    var active = document.activeElement;
    if (active && active.closest && active.closest("[data-signup]")) { return true; }
    return Array.prototype.some.call(document.querySelectorAll(".signup-box"), function (box) {
      var r = box.getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0;
    });
  }
  function open() {
    if (opened || remembered() || formInSight()) { return; }
    opened = true;
    returnTo = document.activeElement;
    dialog.showModal();
    window.removeEventListener("scroll", onScroll);
  }
  function onScroll() {
    if (!article) { return; }
    var box = article.getBoundingClientRect();
    // Most of the story read: its last quarter is on screen.
    if (box.bottom - window.innerHeight < box.height * 0.25) { open(); }
  }
  dialog.addEventListener("close", function () {
    if (remembered() !== "subscribed") { remember("closed"); }
    if (returnTo && typeof returnTo.focus === "function") { returnTo.focus(); }
  });
  dialog.querySelector("[data-signup-close]").addEventListener("click", function () {
    dialog.close();
  });
  // A click on the backdrop lands on the dialog element itself, outside its content box.
  dialog.addEventListener("click", function (event) {
    if (event.target !== dialog) { return; }
    var box = dialog.getBoundingClientRect();
    var inside = event.clientX >= box.left && event.clientX <= box.right &&
      event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) { dialog.close(); }
  });
  window.addEventListener("scroll", onScroll, { passive: true });
  var delay = parseInt(dialog.dataset.delay, 10);
  if (delay > 0) { window.setTimeout(open, delay * 1000); }
})();
