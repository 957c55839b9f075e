/* termsearch pages: search-as-you-type suggestions (a WAI-ARIA combobox), keyboard shortcuts,
   and tooltips that stay on screen and close with Escape. The pages work without this file. */
(function () {
  "use strict";

  var script = document.body.getAttribute("data-script") || "orig";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  /* ------------------------------------------------------------ suggestions */

  function Combobox(input, index) {
    var listId = input.id + "-suggestions";
    var list = el("ul", "suggest-list");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    input.parentNode.appendChild(list);
    var status = el("span", "vh");
    status.setAttribute("role", "status");
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [], active = -1, timer = null, seq = 0, cache = {};

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(item) {
      close();
      if (item.kind === "term") {
        window.location.href = "/terms/" + encodeURIComponent(item.id).replace(/%3A/g, ":");
      } else {
        input.value = item.query;
        input.form.submit();
      }
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      active = -1;
      if (!items.length) { close(); status.textContent = ""; return; }
      items.forEach(function (item, i) {
        var li = el("li", "suggest-option " + (item.kind === "term" ? "is-term" : "is-word"));
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var text = el("span", "suggest-text", item.text);
        text.lang = script === "hant" ? "zh-Hant" : script === "hans" ? "zh-Hans" : "zh";
        li.appendChild(text);
        if (item.pinyin) {
          var py = el("span", "suggest-pinyin", item.pinyin);
          py.lang = "zh-Latn-pinyin";
          li.appendChild(py);
        }
        li.appendChild(el("span", "suggest-kind", item.kind === "term" ? "term" : "word"));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { choose(item); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + " suggestion" + (items.length === 1 ? "" : "s") + "; use the arrow keys to choose";
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { render([]); return; }
      if (cache[q]) { render(cache[q]); return; }
      var mine = ++seq;
      fetch("/api/suggest?" + new URLSearchParams({ q: q, script: script, limit: "8" }))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          cache[q] = data.suggestions || [];
          if (mine === seq && document.activeElement === input) render(cache[q]);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 90);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) { fetchSuggestions(); return; }
        setActive(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        if (!open) return;
        e.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) { e.preventDefault(); choose(items[active]); }
        else close();
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); }
      } else if (e.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 120); });
  }

  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input, i) { Combobox(input, i); });

  /* ------------------------------------------------------------ shortcuts: / and Ctrl/Cmd+K */

  document.addEventListener("keydown", function (e) {
    var box = inputs[0];
    if (!box) return;
    var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
    var k = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey);
    if (slash || k) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });

  /* ------------------------------------------------------------ phone: sections start folded */

  if (window.matchMedia && window.matchMedia("(max-width: 52rem)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll(".toc details[open]"), function (d) { d.open = false; });
  }

  /* ------------------------------------------------------------ tooltips */

  function place(wrap) {
    var tip = wrap.querySelector(".tip");
    if (!tip) return;
    tip.style.left = "0px";
    var rect = tip.getBoundingClientRect();
    var over = rect.right - (document.documentElement.clientWidth - 8);
    if (over > 0) tip.style.left = Math.min(0, -over) + "px";
    rect = tip.getBoundingClientRect();
    if (rect.left < 8) tip.style.left = (parseFloat(tip.style.left) + 8 - rect.left) + "px";
  }

  Array.prototype.forEach.call(document.querySelectorAll(".term-wrap"), function (wrap) {
    wrap.addEventListener("mouseenter", function () { wrap.classList.remove("tip-dismissed"); place(wrap); });
    wrap.addEventListener("focusin", function () { wrap.classList.remove("tip-dismissed"); place(wrap); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    Array.prototype.forEach.call(document.querySelectorAll(".term-wrap:hover, .term-wrap:focus-within"), function (wrap) {
      wrap.classList.add("tip-dismissed");
    });
  });
})();
