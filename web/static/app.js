/* termsearch pages: search-as-you-type suggestions (a WAI-ARIA combobox) and results, keyboard
   shortcuts, tooltips that stay on screen and close with Escape, dictionary glosses (a popover for
   selected text; a paragraph's word list in place), copy and listen buttons. The pages work
   without this file. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");     // style.css: what changes when this file runs

  var script = document.body.getAttribute("data-script") || "orig";

  // A query echoed in a message: a long one (pasted text) cut, not repeated over five lines.
  function clip(s) { var c = Array.from(s); return c.length > 40 ? c.slice(0, 40).join("") + "…" : s; }

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
        if (item.english && item.match === "english") {
          var en = el("span", "suggest-english", item.english);
          en.lang = "en";
          li.appendChild(en);
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

  /* ------------------------------------------------------------ results as you type (search page) */

  /* The search page's box fetches /api/search as the user types and shows the terms and the
     first paragraphs in place; Enter (or the button) still loads the full page, with filters and
     pages, and without JavaScript the form is all there is. */
  var liveBox = document.body.classList.contains("page-search") && document.getElementById("q");
  if (liveBox && window.fetch) LiveResults(liveBox);

  function LiveResults(input) {
    var hero = input.closest(".hero"), served = document.getElementById("results");
    var live = el("section", "live-results");
    live.id = "live-results";
    live.setAttribute("aria-labelledby", "live-title");
    live.hidden = true;
    var said = el("p", "vh");
    said.setAttribute("role", "status");
    hero.parentNode.insertBefore(live, hero.nextSibling);
    hero.appendChild(said);
    var timer = null, seq = 0, titles = null, shown = input.value.trim();

    function documentTitles() {
      if (!titles) {
        titles = fetch("/api/documents").then(function (r) { return r.ok ? r.json() : { documents: [] }; })
          .then(function (data) {
            var map = {};
            (data.documents || []).forEach(function (d) { map[d.id] = d.display_title || d.title || d.id; });
            return map;
          }, function () { return {}; });
      }
      return titles;
    }

    function zh(tag, cls, text) {
      var node = el(tag, cls, text);
      node.lang = script === "hant" ? "zh-Hant" : script === "hans" ? "zh-Hans" : "zh";
      return node;
    }

    function termPath(id) { return "/terms/" + encodeURIComponent(id).replace(/%3A/g, ":"); }

    function markedSnippet(node, html) {
      /* The API's snippet is escaped text with <mark>: rebuilt as text nodes, never parsed. */
      var entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
      String(html || "").split(/(<\/?mark>)/).reduce(function (inMark, part) {
        if (part === "<mark>") return true;
        if (part === "</mark>") return false;
        var text = document.createTextNode(part.replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (m) { return entities[m]; }));
        if (inMark) { var mark = el("mark"); mark.appendChild(text); node.appendChild(mark); } else node.appendChild(text);
        return inMark;
      }, false);
      return node;
    }

    function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

    function render(q, data, names) {
      live.textContent = "";
      var head = el("div", "results-head");
      var title = el("h2", "live-title", "Results as you type");
      title.id = "live-title";
      head.appendChild(title);
      var counts = el("p", "counts");
      counts.textContent = (data.terms.length ? plural(data.terms.length, "glossary term") + " · " : "") +
        plural(data.total, "paragraph") + " · press Enter for every result, with filters";
      head.appendChild(counts);
      (data.interpretation.corrections || []).forEach(function (c) {   // misspelt English: one click back
        var p = el("p", "correction");
        if (c.literal_finds === false) {     // no paragraph has the letters as typed: said, no link
          p.textContent = "Did you mean “" + c.searched + "”? Searched for it; the letters “" + c.typed + "” themselves appear in no paragraph";
        } else {
          var back = el("a", "", "Did you mean “" + c.searched + "”? Searched for it; search “" + c.typed + "” as typed");
          back.href = "/?" + new URLSearchParams({ q: c.literal_query });
          p.appendChild(back);
        }
        head.appendChild(p);
      });
      (data.interpretation.unmatched || []).forEach(function (u) {   // a part no paragraph holds beside the rest
        var p = el("p", "correction"), words = u.words.slice(0, 6).join("、");
        var said = "No paragraph has “" + u.typed + "”" + (words ? " (" + words + ")" : "");
        if (u.query) {
          var rest = el("a", "", said + " beside the rest: showing the paragraphs of “" + u.query + "”");
          rest.href = "/?" + new URLSearchParams({ q: u.query });
          p.appendChild(rest);
        } else {
          p.textContent = said;
        }
        head.appendChild(p);
      });
      live.appendChild(head);
      if (data.terms.length) {
        var cards = el("div", "cards");
        data.terms.slice(0, 4).forEach(function (t) {
          var card = el("article", "term-card");
          card.appendChild(el("p", "card-kind", "Glossary term"));
          var h = el("h3", "card-head"), a = zh("a", "", t.term.replace(/[“”"「」『』]/g, ""));
          a.href = termPath(t.id);
          h.appendChild(a);
          card.appendChild(h);
          var forms = el("p", "card-forms"), py = el("span", "pinyin", t.pinyin);
          py.lang = "zh-Latn-pinyin";
          forms.appendChild(py);
          card.appendChild(forms);
          card.appendChild(zh("p", "card-def", t.definition));
          if (t.english && t.english[0]) {
            var en = el("p", "card-en");
            en.lang = "en";
            en.appendChild(el("span", "en-text", t.english[0].text));
            var r = t.english[0], literal = r.confidence === "literal";
            en.appendChild(document.createTextNode(" "));
            en.appendChild(el("span", "badge badge-" + r.confidence, literal ? "literal gloss" : r.confidence));
            if (r.part && !literal) en.appendChild(el("span", "en-part", " for " + r.part));
            card.appendChild(en);
          }
          card.appendChild(zh("p", "card-src", names[t.source.document] || t.source.document));
          cards.appendChild(card);
        });
        live.appendChild(cards);
      }
      var list = el("ol", "hits");
      data.hits.forEach(function (hit) {
        var li = el("li", "hit"), where = el("p", "hit-where");
        var link = zh("a", "hit-link", hit.document_title || names[hit.document] || hit.document);
        link.href = "/documents/" + encodeURIComponent(hit.document) + "?" + new URLSearchParams({ q: q }) +
          "#p-" + hit.paragraph.split(":").pop();
        where.appendChild(link);
        if (hit.section) {
          where.appendChild(document.createTextNode(" › "));
          where.appendChild(zh("span", "hit-section", hit.section));
        }
        where.appendChild(el("span", "hit-line", "line " + hit.line));
        li.appendChild(where);
        li.appendChild(markedSnippet(zh("p", "snippet"), hit.snippet));
        list.appendChild(li);
      });
      if (data.hits.length) live.appendChild(list);
      else live.appendChild(el("p", "empty", "No paragraph matches “" + clip(q) + "” yet."));
      if (data.total > data.hits.length) {
        var more = el("p", "more"), all = el("a", "", "All " + plural(data.total, "paragraph") + " for “" + clip(q) + "” →");
        all.href = "/?" + new URLSearchParams({ q: q });
        more.appendChild(all);
        live.appendChild(more);
      }
      said.textContent = counts.textContent;
    }

    function showServed(on) {
      live.hidden = on;
      if (served) served.hidden = !on;
    }

    function update() {
      var q = input.value.trim();
      if (q === shown) return;
      shown = q;
      var mine = ++seq;
      if (!q) { showServed(true); live.textContent = ""; said.textContent = ""; return; }
      Promise.all([
        fetch("/api/search?" + new URLSearchParams({ q: q, limit: "5", script: script })).then(function (r) {
          return r.json().then(function (body) { return { ok: r.ok, body: body }; });
        }),
        documentTitles()
      ]).then(function (answers) {
        if (mine !== seq) return;
        var answer = answers[0];
        if (!answer.ok) {
          live.textContent = "";
          live.appendChild(el("p", "empty", (answer.body.error && answer.body.error.message) || "That search cannot be run."));
          said.textContent = live.textContent;
        } else {
          render(q, answer.body, answers[1]);
        }
        showServed(false);
      }).catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
  }

  /* ------------------------------------------------------------ copy and listen (term pages) */

  /* Elements with data-copy get a Copy button (where the browser lets a page write the
     clipboard); a term with data-speak gets a Listen button where the browser has a Chinese
     voice (speechSynthesis). Without either, nothing is offered. */
  var toolStatus = el("p", "vh");
  toolStatus.setAttribute("role", "status");

  function toolButton(cls, text, label) {
    var button = el("button", "tool-button " + cls, text);
    button.type = "button";
    button.lang = "en";
    button.setAttribute("aria-label", label);
    return button;
  }

  if (navigator.clipboard && navigator.clipboard.writeText && document.querySelector("[data-copy]")) {
    (document.getElementById("main") || document.body).appendChild(toolStatus);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (node) {
      var value = node.getAttribute("data-copy"), what = node.getAttribute("data-copy-what") || "text";
      /* Its name starts with what it shows ("Copy pinyin"), then says what it copies. */
      var label = "Copy " + what, button = toolButton("copy-button", "", ""), shown = el("span", "", label);
      button.removeAttribute("aria-label");
      button.appendChild(shown);
      button.appendChild(el("span", "vh", "(" + value + ")"));   // read as "Copy pinyin (sān qū sān xiàn)"
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(value).then(function () {
          shown.textContent = "Copied";
          toolStatus.textContent = "Copied the " + what + ": " + value;
          setTimeout(function () { shown.textContent = label; }, 1500);
        }, function () { toolStatus.textContent = "The browser did not let the page copy."; });
      });
      node.appendChild(button);
    });
  }

  var speakable = document.querySelector("[data-speak]");
  if (speakable && window.speechSynthesis && window.SpeechSynthesisUtterance) {
    var listen = null;
    var chineseVoice = function () {
      return window.speechSynthesis.getVoices().filter(function (v) {
        return /^(zh|cmn)([-_](CN|Hans|SG))?$/i.test(v.lang) || /^(zh|cmn)[-_]Hans/i.test(v.lang);
      })[0] || null;
    };
    var offer = function () {
      if (listen || !chineseVoice()) return;
      var text = speakable.getAttribute("data-speak");
      listen = toolButton("listen-button", "Listen", "Listen to " + text + " read in Mandarin");
      listen.addEventListener("click", function () {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = "zh-CN";
        utterance.voice = chineseVoice();
        window.speechSynthesis.cancel();
        window.speechSynthesis.speak(utterance);
      });
      speakable.appendChild(listen);
    };
    offer();
    if (window.speechSynthesis.addEventListener) window.speechSynthesis.addEventListener("voiceschanged", offer);
  }

  /* ------------------------------------------------------------ phone reader: one Dictionary control */

  /* On a narrow screen the reader's per-paragraph "Dictionary" buttons are hidden (style.css,
     under .js) and one button opens the dictionary of the paragraph at the top of the screen. */
  var narrow = window.matchMedia && window.matchMedia("(max-width: 40rem)");
  var paragraphs = document.querySelectorAll(".page-reader .para");
  if (paragraphs.length) {
    var one = el("button", "dict-one", "Dictionary");
    one.type = "button";
    one.lang = "en";
    one.setAttribute("aria-label", "Dictionary for the paragraph at the top of the screen");
    one.addEventListener("click", function () {
      var target = null;
      for (var i = 0; i < paragraphs.length; i++) {
        var rect = paragraphs[i].getBoundingClientRect();
        if (rect.bottom > 60) { target = paragraphs[i]; break; }
      }
      var toggle = target && target.querySelector(".dict-toggle");
      if (!toggle) return;
      if (toggle.getAttribute("aria-expanded") !== "true") toggle.click();
      var panel = document.getElementById("dict-" + target.id);
      if (panel) panel.scrollIntoView({ block: "nearest" });
    });
    var placeOne = function () { one.hidden = !(narrow && narrow.matches); };
    placeOne();
    if (narrow && narrow.addEventListener) narrow.addEventListener("change", placeOne);
    document.body.appendChild(one);
  }

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
  // Han as analysis/chars.py has it; extensions B to H are planes 2 and 3 (high surrogates d840-d88c).
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ud840-\ud88c]/;

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
