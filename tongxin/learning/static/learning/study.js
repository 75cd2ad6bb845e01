// Study heartbeats: every 15 s, only while the page is visible and the person was
// active (scroll, touch, keys, a playing video) in the last 60 s. The server decides
// what to credit; a hidden tab or a locked phone sends nothing.
(function () {
  "use strict";
  var box = document.getElementById("study");
  if (!box) return;
  var url = box.dataset.beat;
  var csrf = box.dataset.csrf;
  var video = document.querySelector("video[data-study]");
  var lastActive = Date.now();
  function active() { lastActive = Date.now(); }
  ["scroll", "touchstart", "keydown", "mousemove", "click"].forEach(function (e) {
    window.addEventListener(e, active, { passive: true });
  });
  function position() {
    if (video) return video.currentTime;
    var h = document.documentElement;
    var room = h.scrollHeight - h.clientHeight;
    return room > 0 ? Math.min(1, h.scrollTop / room) : 1;
  }
  function beat() {
    if (document.visibilityState !== "visible") return;
    var playing = video && !video.paused && !video.ended;
    if (!playing && Date.now() - lastActive > 60000) return;
    var body = new FormData();
    body.append("p", String(position()));
    fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && d.completed) {
          var mark = document.getElementById("study-done");
          if (mark) mark.hidden = false;
        }
      })
      .catch(function () {});
  }
  beat();
  setInterval(beat, 15000);
})();
