/* termsearch pages: search-as-you-type suggestions (a WAI-ARIA combobox), keyboard shortcuts,
   tooltips that stay on screen and close with Escape, and dictionary glosses (a popover for
   selected text; a paragraph's word list in place). The pages work without this file. */
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
    hidePop();
  });

  /* ------------------------------------------------------------ dictionary glosses */

  var MAX_GLOSS = 500, POP_WORDS = 6, SENSES = 3, lookups = {};
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ud840-\ud87f]/;

  function textOf(range) {
    /* The text as read: without ruby pinyin, tooltips, screen-reader labels or repairs. */
    var copy = range.cloneContents();
    Array.prototype.forEach.call(copy.querySelectorAll("rt, rp, .tip, .vh, .repair"), function (n) {
      n.parentNode.removeChild(n);
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function pieces(text) {
    /* At most MAX_GLOSS characters each, cut after punctuation (as pages.text_pieces does). */
    var out = [];
    while (text.length > MAX_GLOSS) {
      var head = text.slice(0, MAX_GLOSS), stop = /[。；！？，、：;!?,\s]/g, cut = MAX_GLOSS, m;
      while ((m = stop.exec(head))) cut = m.index + 1;
      out.push(text.slice(0, cut));
      text = text.slice(cut);
    }
    if (text) out.push(text);
    return out;
  }

  function lookUp(text, limit) {
    var key = limit + "|" + text;
    if (!lookups[key]) {
      lookups[key] = fetch("/api/gloss?" + new URLSearchParams({ text: text, limit: String(limit) }))
        .then(function (r) { if (!r.ok) throw new Error("gloss " + r.status); return r.json(); })
        .then(function (data) { return data.words || []; });
      lookups[key].catch(function () { delete lookups[key]; });
    }
    return lookups[key];
  }

  function glossAll(text) {
    return Promise.all(pieces(text).map(function (p) { return lookUp(p, MAX_GLOSS); })).then(function (lists) {
      var seen = {}, out = [];
      lists.forEach(function (words) {
        words.forEach(function (w) { if (!seen[w.simplified]) { seen[w.simplified] = true; out.push(w); } });
      });
      return out;
    });
  }

  function zhLang(node) {
    if (script === "hant") return "zh-Hant";
    if (script === "hans") return "zh-Hans";
    var owner = node.closest("[lang]");
    return owner && /^zh/.test(owner.lang) ? owner.lang : "zh";
  }

  function wordList(words, lang, label) {
    /* The same markup as the server's dict_list (in _macros.html). */
    var ul = el("ul", "dict-list");
    ul.setAttribute("aria-label", label);
    words.forEach(function (w) {
      var li = el("li", "dict-entry"), word = el("span", "dict-word", w.word), py = el("span", "dict-pinyin", w.pinyin);
      word.lang = lang;
      py.lang = "zh-Latn-pinyin";
      li.appendChild(word);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(py);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "dict-senses", w.english.slice(0, SENSES).join(" / ")));
      ul.appendChild(li);
    });
    return ul;
  }

  /* A paragraph's or hit's "Dictionary" link (which reloads the page with ?gloss=N) becomes a
     button that shows or hides the list in place. */
  Array.prototype.forEach.call(document.querySelectorAll("a.dict-toggle"), function (link) {
    var button = el("button", link.className), panelId = link.getAttribute("data-gloss-panel");
    button.type = "button";
    button.lang = link.lang;
    button.setAttribute("aria-expanded", link.getAttribute("aria-expanded"));
    if (document.getElementById(panelId)) button.setAttribute("aria-controls", panelId);
    while (link.firstChild) button.appendChild(link.firstChild);
    link.parentNode.replaceChild(button, link);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true", panel = document.getElementById(panelId);
      button.setAttribute("aria-expanded", String(open));
      if (panel) { panel.hidden = !open; return; }
      var source = button.closest("[data-gloss-scope]").querySelector("[data-gloss-text]");
      var range = document.createRange();
      range.selectNodeContents(source);
      panel = el("div", "dict");
      panel.id = panelId;
      panel.lang = "en";
      panel.appendChild(el("p", "dict-none", "Looking up the words…"));
      source.parentNode.insertBefore(panel, source.nextSibling);
      button.setAttribute("aria-controls", panelId);
      glossAll(textOf(range)).then(function (words) {
        panel.textContent = "";
        panel.appendChild(words.length ? wordList(words, zhLang(source), button.textContent)
                                       : el("p", "dict-none", "No dictionary words here."));
      }, function () {
        panel.textContent = "";
        panel.appendChild(el("p", "dict-none", "The dictionary is not available just now."));
      });
    });
  });

  /* Selected text in a paragraph or a snippet (by mouse or keyboard): a popover with its words. */
  var pop = el("aside", "gloss-pop"), said = el("p", "vh"), popSeq = 0, popTimer = null, popText = "", popRange = null;
  pop.setAttribute("aria-label", "Dictionary for the selected text");
  pop.hidden = true;
  said.setAttribute("role", "status");
  if (document.querySelector("[data-gloss-text]")) {
    document.body.appendChild(pop);
    (document.getElementById("main") || document.body).appendChild(said);
  }
  pop.addEventListener("mousedown", function (e) { e.preventDefault(); });   // keeps the selection

  function hidePop() {
    popSeq++;
    popText = "";
    pop.hidden = true;
  }

  function glossBox(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest("[data-gloss-text]") : null;
  }

  function showPop(range, words, box) {
    pop.textContent = "";
    pop.appendChild(el("p", "gloss-pop-title", "Dictionary"));
    if (words.length) {
      pop.appendChild(wordList(words.slice(0, POP_WORDS), zhLang(box), "Words of the selection"));
      if (words.length > POP_WORDS) {
        pop.appendChild(el("p", "gloss-pop-more", "and " + (words.length - POP_WORDS) + " more words: select fewer characters"));
      }
    } else {
      pop.appendChild(el("p", "dict-none", "No dictionary words in the selection."));
    }
    said.textContent = words.length ? "Dictionary: " + words.slice(0, POP_WORDS).map(function (w) {
      return w.word + ", " + w.pinyin + ", " + w.english[0];
    }).join("; ") : "";
    pop.hidden = false;
    popRange = range;
    placePop();
  }

  function placePop() {
    /* Under the selection (over it when there is no room below), inside the window. */
    if (pop.hidden || !popRange) return;
    var rect = popRange.getBoundingClientRect(), width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(rect.left, width - pop.offsetWidth - 8));
    var top = rect.bottom + 8;
    if (top + pop.offsetHeight > window.innerHeight && rect.top - pop.offsetHeight - 8 > 0) {
      top = rect.top - pop.offsetHeight - 8;
    }
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (top + window.scrollY) + "px";
  }

  function glossSelection() {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed) { hidePop(); return; }
    var range = selection.getRangeAt(0).cloneRange();
    var box = glossBox(range.startContainer) || glossBox(range.endContainer);
    if (!box) { hidePop(); return; }
    // Only the part inside one paragraph or snippet.
    if (!box.contains(range.startContainer)) range.setStart(box, 0);
    if (!box.contains(range.endContainer)) range.setEnd(box, box.childNodes.length);
    var text = textOf(range).slice(0, MAX_GLOSS);
    if (!HAN.test(text)) { hidePop(); return; }
    if (text === popText && !pop.hidden) return;
    var mine = ++popSeq;
    popText = text;
    lookUp(text, 40).then(function (words) { if (mine === popSeq) showPop(range, words, box); },
                          function () { if (mine === popSeq) hidePop(); });
  }

  if (!pop.parentNode) return;
  document.addEventListener("selectionchange", function () {
    clearTimeout(popTimer);
    popTimer = setTimeout(glossSelection, 200);
  });
  window.addEventListener("resize", placePop);
})();
