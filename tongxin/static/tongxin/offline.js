/* Forms that work without network (core.offline, through core/_offline.html).

   A form marked data-offline that is submitted while the phone has no network is kept
   on the phone (IndexedDB: its fields and photos), listed as 待上传, and sent when the
   network returns (the online event, and every page load), each with the key it was
   given when the form was filled, so that the server creates it once however often it
   is sent. A refusal (the checklist changed meanwhile, someone else acted first) is
   shown and the entry kept until the person has done it again and deletes it.
   data-offline="once": the page's one submission (an inspection, a rectification):
   hidden while one waits to be sent. With network the form posts as it always did. */
(function () {
  "use strict";
  var root = document.getElementById("tx-offline");
  if (!root || !window.indexedDB) return;
  var T = JSON.parse(document.getElementById("tx-offline-texts").textContent);
  var person = root.dataset.person;
  var DB = "tongxin-offline";
  var STORE = "outbox";
  var syncing = false;
  // Where each submission sent from this page went, by the address it was posted to.
  var sentFrom = {};

  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.ready.then(function (reg) {
      if (!navigator.serviceWorker.controller && reg.active) reg.active.postMessage({ type: "claim" });
    });
  }

  // --- the outbox ----------------------------------------------------------------
  var opened = null;
  function db() {
    opened = opened || new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opened;
  }
  function run(mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(request.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function mine() {
    return run("readonly", function (s) { return s.getAll(); }).then(function (all) {
      // A shared phone: only the signed-in person's entries are shown and sent.
      return all.filter(function (e) { return e.person === person; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }
  function save(entry) { return run("readwrite", function (s) { return s.put(entry); }); }
  function drop(key) { return run("readwrite", function (s) { return s.delete(key); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- keeping a submission --------------------------------------------------------
  function summary(form, photos) {
    var ok = form.querySelectorAll("input[data-mark=ok]:checked").length;
    var bad = form.querySelectorAll("input[data-mark=bad]:checked").length;
    var parts = [];
    if (ok || bad) parts.push(T.marks.replace("{ok}", ok).replace("{bad}", bad));
    if (photos) parts.push(T.photos.replace("{n}", photos));
    return parts.join("，");
  }
  function keep(form, submitter) {
    var data = new FormData(form, submitter || undefined);
    var fields = [];
    var files = [];
    data.forEach(function (value, name) {
      if (value instanceof File) {
        if (value.size) files.push([name, value, value.name]);
      } else if (name !== "csrfmiddlewaretoken") {
        // The token is taken afresh when it is sent: a sign-in in between renews it.
        fields.push([name, value]);
      }
    });
    var key = data.get("idempotency_key") || newKey();
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    return save({
      key: key,
      person: person,
      url: new URL(action, location.href).pathname,
      page: location.pathname,
      label: form.dataset.offlineLabel || document.title,
      summary: summary(form, files.length),
      once: form.dataset.offline === "once",
      fields: fields,
      files: files,
      created: Date.now(),
      state: "waiting",
      message: ""
    });
  }

  // --- sending ---------------------------------------------------------------------
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function reasons(html, status) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var items = doc.querySelectorAll("#form-errors li");
    if (!items.length) items = doc.querySelectorAll("main .alert-danger, main .alert-warning p");
    var text = Array.prototype.map.call(items, function (el) { return el.textContent.trim(); })
      .filter(Boolean).join(" ");
    return text || T.refused.replace("{status}", status);
  }
  function send(entry) {
    var body = new FormData();
    entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
    entry.files.forEach(function (f) { body.append(f[0], f[1], f[2]); });
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Offline-Sync": "1", "X-CSRFToken": csrf(), "Idempotency-Key": entry.key }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      if (json) {
        return response.json().then(function (data) {
          if (data.ok) {
            return drop(entry.key).then(function () { return { sent: true, url: data.url }; });
          }
          entry.message = (data.errors || []).join(" ");
          // Signed out meanwhile: kept waiting, sent after the next sign-in.
          if (response.status === 401) return save(entry).then(function () { return { stop: true }; });
          entry.state = "refused";
          return save(entry).then(function () { return {}; });
        });
      }
      if (response.status >= 500 || response.status === 429) {
        entry.message = T.later;
        return save(entry).then(function () { return { stop: true }; });
      }
      return response.text().then(function (html) {
        entry.state = "refused";
        entry.message = reasons(html, response.status);
        return save(entry).then(function () { return {}; });
      });
    }, function () { return { stop: true }; }); // still no network
  }
  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    var sent = [];
    return mine().then(function (entries) {
      var queue = entries.filter(function (e) { return e.state === "waiting"; });
      // "Kept on the phone" is no longer the news once it is being sent.
      if (queue.length) parts.done.hidden = true;
      function next() {
        var entry = queue.shift();
        if (!entry) return null;
        return send(entry).then(function (outcome) {
          if (outcome.sent) {
            sent.push(outcome.url);
            sentFrom[entry.url] = outcome.url;
          }
          return outcome.stop ? null : next();
        });
      }
      return next();
    }).catch(function () {}).then(function () {
      syncing = false;
      if (sent.length) say(T.sent.replace("{n}", sent.length), sent[sent.length - 1]);
      return render();
    });
  }

  // --- what the page shows ---------------------------------------------------------
  var parts = {
    net: root.querySelector(".tx-offline-net"),
    box: root.querySelector(".tx-outbox"),
    count: root.querySelector(".tx-outbox-count"),
    now: root.querySelector(".tx-outbox-now"),
    list: root.querySelector(".tx-outbox-list"),
    done: root.querySelector(".tx-outbox-done")
  };
  function say(text, url) {
    parts.done.hidden = false;
    parts.done.textContent = text + " ";
    if (url) {
      var a = document.createElement("a");
      a.href = url;
      a.textContent = T.view;
      parts.done.appendChild(a);
    }
  }
  function when(ms) {
    var d = new Date(ms);
    return (d.getMonth() + 1) + "月" + d.getDate() + "日 " +
      ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }
  function row(entry) {
    var li = document.createElement("li");
    li.className = "list-group-item tx-outbox-entry";
    li.dataset.state = entry.state;
    var head = document.createElement("div");
    var badge = document.createElement("span");
    badge.className = "badge me-1 " + (entry.state === "refused" ? "text-bg-danger" : "text-bg-warning");
    badge.textContent = entry.state === "refused" ? T.refused_badge : T.waiting_badge;
    head.appendChild(badge);
    head.appendChild(document.createTextNode(entry.label));
    li.appendChild(head);
    var meta = document.createElement("div");
    meta.className = "small tx-muted";
    meta.textContent = when(entry.created) + (entry.summary ? " · " + entry.summary : "");
    li.appendChild(meta);
    if (entry.message) {
      var why = document.createElement("div");
      why.className = "small tx-outbox-why " + (entry.state === "refused" ? "text-danger fw-semibold" : "");
      why.textContent = entry.message;
      li.appendChild(why);
    }
    if (entry.state === "refused") {
      var actions = document.createElement("div");
      actions.className = "mt-1 d-flex gap-2";
      if (entry.page !== location.pathname) {
        var redo = document.createElement("a");
        redo.className = "btn btn-sm btn-outline-primary";
        redo.href = entry.page;
        redo.textContent = T.redo;
        actions.appendChild(redo);
      }
      var del = document.createElement("button");
      del.type = "button";
      del.className = "btn btn-sm btn-outline-secondary tx-outbox-drop";
      del.textContent = T.drop;
      del.addEventListener("click", function () { drop(entry.key).then(render); });
      actions.appendChild(del);
      li.appendChild(actions);
    }
    return li;
  }
  function render() {
    var online = navigator.onLine;
    parts.net.hidden = online;
    return mine().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state === "waiting"; });
      parts.box.hidden = !entries.length;
      parts.count.textContent = waiting.length
        ? T.count.replace("{n}", waiting.length)
        : T.refused_count.replace("{n}", entries.length);
      parts.now.hidden = !(online && waiting.length);
      parts.list.textContent = "";
      entries.forEach(function (e) { parts.list.appendChild(row(e)); });
      root.hidden = online && !entries.length && parts.done.hidden;
      // The page's one submission, kept or sent: not offered a second time.
      document.querySelectorAll("form[data-offline=once]").forEach(function (form) {
        var path = new URL(form.getAttribute("action"), location.href).pathname;
        var kept = waiting.some(function (e) { return e.url === path; });
        var sentTo = sentFrom[path];
        // A form folded in a <details> goes with it, and its note stands outside.
        var block = form.closest("details") || form;
        block.hidden = form.hidden = kept || !!sentTo;
        var note = document.querySelector(".tx-offline-kept[data-for='" + form.id + "']");
        if (!note) {
          note = document.createElement("div");
          note.dataset.for = form.id;
          block.parentNode.insertBefore(note, block);
        }
        note.hidden = !form.hidden;
        note.className = "alert tx-offline-kept " + (kept ? "alert-warning" : "alert-success");
        note.textContent = kept ? T.kept : T.kept_sent + " ";
        if (!kept && sentTo) {
          var a = document.createElement("a");
          a.href = sentTo;
          a.textContent = T.view;
          note.appendChild(a);
        }
      });
      // Links to a page whose submission waits (today's checklist row) say so.
      document.querySelectorAll("a[data-offline-keep]").forEach(function (link) {
        var path = new URL(link.href).pathname;
        var waits = waiting.some(function (e) { return e.page === path; });
        var badge = link.querySelector(".tx-offline-badge");
        if (waits && !badge) {
          badge = document.createElement("span");
          badge.className = "badge text-bg-warning ms-1 tx-offline-badge";
          badge.textContent = T.waiting_badge;
          (link.querySelector(".name") || link).appendChild(badge);
        }
        if (badge) badge.hidden = !waits;
      });
    }).catch(function () {});
  }

  // --- wiring ----------------------------------------------------------------------
  document.querySelectorAll("form[data-offline]").forEach(function (form) {
    var input = form.querySelector("input[name=idempotency_key]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "idempotency_key";
      form.appendChild(input);
    }
    // A fresh key for each filling: a page kept offline would otherwise repeat the
    // key it was drawn with, and the second submission would count as the first.
    input.value = newKey();
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      keep(form, event.submitter).then(function () {
        input.value = newKey();
        if (form.dataset.offline !== "once") {
          form.reset();
          // The page's own scripts redraw what they show from the inputs (photo names).
          form.querySelectorAll("input, select").forEach(function (el) {
            el.dispatchEvent(new Event("change", { bubbles: true }));
          });
        }
        say(T.saved);
        window.scrollTo(0, 0);
        return render();
      }).catch(function () { say(T.failed); });
    });
  });
  parts.now.addEventListener("click", sync);
  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  render().then(sync);

  // Today's checklists and waiting hazards, kept ahead for when the network is gone.
  if (navigator.onLine && "serviceWorker" in navigator) {
    var links = Array.prototype.map.call(document.querySelectorAll("a[data-offline-keep]"),
      function (a) { return a.href; });
    if (links.length) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) reg.active.postMessage({ type: "keep-pages", urls: links });
      });
    }
  }
})();
