/* The platform's person picker (core/pickers.py, core/_person_picker.html): type a name,
   a 工号 or pinyin initials, choose from at most 20 people who can act; the hidden field
   posts the chosen person's id. Plain script, no framework; every picker on the page is
   set up once, however many times the file is included. */
(function () {
  "use strict";
  if (window.txPersonPicker) return;
  window.txPersonPicker = true;

  var DELAY = 200;
  var TEXT = {
    searching: "正在查找…",
    none: "没有找到可选的人员，请换个关键词。",
    more: "只显示前 20 位，请输入更多字缩小范围。",
    chosen: "已选择：",
    failed: "查找失败，请检查网络后重试。",
    hint: "输入姓名、工号或拼音首字母查找。"
  };

  function setUp(box) {
    if (box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var value = box.querySelector("[data-picker-value]");
    var input = box.querySelector("[data-picker-input]");
    var list = box.querySelector("[data-picker-list]");
    var status = box.querySelector("[data-picker-status]");
    var chosenLabel = input.value;
    var timer = null;
    var request = 0;
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      value.value = item.id;
      input.value = item.label;
      chosenLabel = item.label;
      input.classList.remove("is-invalid");
      status.textContent = TEXT.chosen + item.label;
      close();
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.classList.toggle("active", i === active);
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(data) {
      list.textContent = "";
      data.results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.id = input.id + "-option-" + i;
        option.dataset.id = item.id;
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box until chosen
          choose(item);
        });
        list.appendChild(option);
      });
      list.hidden = !data.results.length;
      input.setAttribute("aria-expanded", data.results.length ? "true" : "false");
      status.textContent = data.results.length ? (data.more ? TEXT.more : "") : TEXT.none;
      active = -1;
    }

    function search() {
      var mine = ++request;
      status.textContent = TEXT.searching;
      fetch(box.dataset.pickerUrl + "?q=" + encodeURIComponent(input.value.trim()), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine === request) show(data);
        })
        .catch(function () {
          if (mine === request) status.textContent = TEXT.failed;
        });
    }

    input.addEventListener("input", function () {
      // Typing again un-chooses: the form must not post someone no longer shown.
      value.value = "";
      chosenLabel = "";
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("focus", function () {
      if (!value.value) search();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) search();
        else highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        list.querySelectorAll("[role=option]")[active].dispatchEvent(new Event("mousedown"));
      } else if (event.key === "Escape") {
        close();
      }
    });
    // Another record to pick for (the report form's unit changed): what was chosen
    // was chosen among that record's people, so it goes.
    box.addEventListener("picker:retarget", function (event) {
      box.dataset.pickerUrl = event.detail.url;
      value.value = "";
      input.value = "";
      chosenLabel = "";
      status.textContent = TEXT.hint;
      close();
    });
    // A picker for the record chosen in another field of the form (data-picker-record:
    // that field's id, e.g. the unit's select): a new record retargets the picker.
    var recordField = box.dataset.pickerRecord && document.getElementById(box.dataset.pickerRecord);
    if (recordField) {
      recordField.addEventListener("change", function () {
        if (!/^\d+$/.test(recordField.value)) return;
        var url = box.dataset.pickerUrl.replace(/\/\d+\/$/, "/" + recordField.value + "/");
        box.dispatchEvent(new CustomEvent("picker:retarget", { detail: { url: url } }));
      });
    }
    // Typed before the script was ready (a field swapped in by htmx): search it now.
    if (input.value && !value.value) search();
    input.addEventListener("blur", function () {
      close();
      if (!value.value && input.value && input.value !== chosenLabel) {
        status.textContent = TEXT.hint;
      }
    });
  }

  function setUpAll(root) {
    root = root || document;
    // htmx announces each element it swapped in: the picker itself, or one around it.
    if (root.matches && root.matches("[data-picker-url]")) setUp(root);
    root.querySelectorAll("[data-picker-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpAll(); });
  } else {
    setUpAll();
  }
  // Fragments swapped in by htmx bring their own pickers.
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
})();
