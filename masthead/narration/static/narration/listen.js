// The Listen player: enhances the native <audio controls>, which stays for readers without JS.
(function () {
  "use strict";

  function clock(seconds) {
    var whole = Math.max(0, Math.round(seconds || 0));
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function enhance(root) {
    var audio = root.querySelector(".listen__audio");
    var player = root.querySelector(".listen__player");
    var play = root.querySelector("[data-listen-play]");
    var seek = root.querySelector("[data-listen-seek]");
    var elapsed = root.querySelector("[data-listen-elapsed]");
    var total = root.querySelector("[data-listen-total]");
    var speed = root.querySelector("[data-listen-speed]");
    var length = parseFloat(root.dataset.duration) || 0;

    audio.controls = false;
    audio.hidden = true;
    player.hidden = false;

    function duration() {
      return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : length;
    }
    function jump(seconds) {
      audio.currentTime = Math.min(Math.max(0, seconds), duration());
      show();
    }
    function show() {
      var now = audio.currentTime;
      elapsed.textContent = clock(now);
      total.textContent = clock(duration());
      seek.max = Math.round(duration());
      seek.value = Math.round(now);
      seek.setAttribute("aria-valuetext", clock(now) + " of " + clock(duration()));
    }
    function showPlaying() {
      var playing = !audio.paused && !audio.ended;
      play.setAttribute("aria-label", playing ? "Pause" : "Play");
      root.classList.toggle("is-playing", playing);
    }

    play.addEventListener("click", function () {
      if (audio.paused) { audio.play(); } else { audio.pause(); }
    });
    root.querySelectorAll("[data-listen-skip]").forEach(function (button) {
      button.addEventListener("click", function () {
        jump(audio.currentTime + parseFloat(button.dataset.listenSkip));
      });
    });
    root.querySelectorAll("[data-listen-chapter]").forEach(function (button) {
      button.addEventListener("click", function () {
        jump(parseFloat(button.dataset.listenChapter));
        audio.play();
      });
    });
    seek.addEventListener("input", function () { jump(parseFloat(seek.value)); });
    speed.addEventListener("change", function () { audio.playbackRate = parseFloat(speed.value); });
    // Escape pauses from anywhere in the player, as media players do.
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !audio.paused) { audio.pause(); }
    });
    audio.addEventListener("timeupdate", show);
    audio.addEventListener("loadedmetadata", show);
    audio.addEventListener("play", showPlaying);
    audio.addEventListener("pause", showPlaying);
    audio.addEventListener("ended", showPlaying);
    audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
  }

  document.querySelectorAll("[data-listen]").forEach(enhance);
})();
