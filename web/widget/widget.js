/*! termsearch widget: a search box with a results dropdown and glossary term pop-ups for any page.
 * <script src="https://HOST/widget.js" data-endpoint="https://HOST" data-popups="true"></script>
 * <div data-termsearch></div>
 * One global (window.Termsearch), Shadow DOM for its own markup, no dependencies. MIT licence. */
(function (win, doc) {
  "use strict";
  if (win.Termsearch) return;
  var me = doc.currentScript;
  var NS = "termsearch";
  var ESC = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
  var widgets = [];

  var BASE = ":host{all:initial;display:block;font:15px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Arial,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1c1b1a}" +
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "mark{background:#ffe28a;color:inherit;border-radius:2px}.x{cursor:help;text-decoration:underline wavy #b42318}";
  var BOX_CSS = BASE + ".w{position:relative;max-width:var(--ts-width,36rem)}" +
    ".box{display:flex;align-items:center;gap:8px;border:2px solid var(--ts-border,#1c1b1a);border-radius:var(--ts-radius,10px);background:#fff;padding:0 10px}" +
    ".box:focus-within{outline:3px solid var(--ts-focus,#1d4ed8);outline-offset:2px}" +
    "input{flex:1;min-width:0;border:0;outline:0;background:none;font:inherit;font-size:16px;height:44px;color:inherit}" +
    "input::placeholder{color:#6b665f}svg{flex:none;color:#595652}" +
    "kbd{font:12px/1 ui-monospace,Menlo,Consolas,monospace;border:1px solid #cbc5bc;border-bottom-width:2px;border-radius:4px;padding:2px 6px;color:#595652}" +
    "ul{position:absolute;z-index:2147483000;left:0;right:0;top:calc(100% + 6px);margin:0;padding:6px;list-style:none;background:#fff;border:1px solid #cbc5bc;border-radius:var(--ts-radius,10px);box-shadow:0 10px 30px rgba(0,0,0,.16);max-height:min(28rem,70vh);overflow:auto}" +
    "ul[hidden]{display:none}li{padding:8px 10px;border-radius:8px;cursor:pointer}" +
    "li[aria-selected=true]{background:#f1ece4;box-shadow:inset 3px 0 0 var(--ts-accent,#a3262a)}" +
    ".k{font-size:11px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:var(--ts-accent,#a3262a)}" +
    ".h{font-size:17px;font-weight:700;margin-right:8px}.p{color:#595652;font-size:13px}" +
    ".d{display:block;color:#3a3835;font-size:13px;overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}" +
    ".e{display:block;font-size:13px;font-style:italic;color:#3a3835}" +
    ".c{font-style:normal;font-size:11px;text-transform:uppercase;margin-left:6px;color:#595652}" +
    ".s{display:block;font-size:14px;line-height:1.7}.m,.o{display:block;font-size:12px;color:#595652}" +
    ".all{font-weight:600;color:var(--ts-link,#0b57a4);overflow-wrap:anywhere}.msg{padding:8px 10px;color:#595652;cursor:default}" +
    /* The "All N results" row stays in view at the bottom of a dropdown that scrolls. */
    "li.last{position:sticky;bottom:-6px;background:#fff;border-top:1px solid #e5e0d8;border-radius:0 0 8px 8px}" +
    "li.last[aria-selected=true]{background:#f1ece4}" +
    ".box:focus-within kbd{visibility:hidden}@media (pointer:coarse){kbd{display:none}}";
  var POP_CSS = BASE + ".pop{position:absolute;z-index:2147483000;max-width:min(22rem,86vw);padding:10px 12px;border-radius:8px;background:#1f1d1b;color:#f6f4f0;box-shadow:0 8px 24px rgba(0,0,0,.3);font-size:14px;line-height:1.6}" +
    ".pop[hidden]{display:none}.h{font-weight:700;font-size:16px}.p{color:#d9d4cc;margin-left:6px}" +
    ".e{display:block;margin-top:4px;color:#f3d9a4;font-style:italic}.c{font-style:normal;font-size:11px;text-transform:uppercase;margin-left:4px;color:#d9d4cc}" +
    "a{display:block;margin-top:6px;color:#9cc3ff}";

  function h(tag, attrs, kids) {
    var n = doc.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") n.textContent = attrs[k];
      else if (k === "cls") n.className = attrs[k];
      else n.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }

  function svg(tag, attrs) {
    var n = doc.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    return n;
  }

  function style(root, css) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(h("style", { text: css }));
    }
  }

  function unquote(s) { return String(s || "").replace(/[“”"「」『』‘’]/g, ""); }
  // a long query echoed in a row: cut, to stay in the box
  function clip(s) { var c = Array.from(s); return c.length > 40 ? c.slice(0, 40).join("") + "…" : s; }
  // What an English rendering is, as the term card says it: its confidence (official, attested,
  // descriptive) and the part of the headword it is for; a literal gloss is never passed off as a
  // translation.
  function enLabel(en) {
    return en.confidence === "literal" ? "literal gloss, not a translation"
      : (en.confidence || "") + (en.part ? " · for " + en.part : "");
  }
  function english(cls, en) {
    return h("span", { cls: cls, lang: "en" }, [doc.createTextNode(en.text),
      h("span", { cls: "c", lang: "en", text: enLabel(en) })]);
  }

  /* A definition's 〓 (text lost in the source, as termsearch's pages explain it): marked with a
     tooltip and read out as words. */
  var ILLEGIBLE = "Illegible in the source: characters lost to a bad encoding round trip";
  function definitionText(node, text) {
    String(text || "").split("〓").forEach(function (part, i) {
      if (i) node.appendChild(h("span", { title: ILLEGIBLE, cls: "x" }, [
        h("span", { "aria-hidden": "true", text: "〓" }), h("span", { cls: "vh", text: "[illegible text in the source]" })]));
      node.appendChild(doc.createTextNode(part));
    });
    return node;
  }

  /* The core's snippet is escaped text with <mark>: rebuilt here as text nodes, never parsed as HTML. */
  function snippet(node, html) {
    String(html || "").split(/(<\/?mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = doc.createTextNode(part.replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (m) { return ESC[m]; }));
      node.appendChild(inMark ? h("mark", {}, [text]) : text);
      return inMark;
    }, false);
    return node;
  }

  function get(endpoint, path, params, signal) {
    var url = endpoint + path + (params ? "?" + new URLSearchParams(params) : "");
    return fetch(url, { signal: signal, credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("termsearch: " + r.status);
      return r.json();
    });
  }

  function termUrl(endpoint, id) { return endpoint + "/terms/" + encodeURIComponent(id); }

  /* The script the host page is written in, so the widget shows terms in it: data-script on the
     script tag or the widget's element (hans, hant, orig), else the page's lang (zh-CN, zh-Hans,
     zh-SG → Simplified; zh-TW, zh-HK, zh-Hant → Traditional), else as written. */
  function hostScript(element) {
    var own = (element && element.getAttribute("data-script")) || (me && me.getAttribute("data-script"));
    if (/^(hans|hant|orig)$/.test(own || "")) return own;
    var lang = (element && element.closest && element.closest("[lang]") || doc.documentElement).getAttribute("lang") || "";
    if (/^zh-(hans|cn|sg|my)\b/i.test(lang)) return "hans";
    if (/^zh-(hant|tw|hk|mo)\b/i.test(lang)) return "hant";
    return "orig";
  }

  var titleCache = {};
  /* Document titles by id (the display title where the index has one), once per endpoint and script. */
  function documentTitles(endpoint, script) {
    var key = endpoint + "|" + script;
    if (!titleCache[key]) {
      titleCache[key] = get(endpoint, "/api/documents", { script: script }).then(function (data) {
        var map = {};
        (data.documents || []).forEach(function (d) { map[d.id] = d.display_title || d.title || d.id; });
        return map;
      }, function () { delete titleCache[key]; return {}; });
    }
    return titleCache[key];
  }

  function go(url, target) {
    if (target === "_blank") win.open(url, "_blank", "noopener");
    else win.location.assign(url);
  }

  function typing(e) {
    var t = e.composedPath ? e.composedPath()[0] : e.target;
    var tag = (t && t.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable);
  }

  /* ---------------------------------------------------------------- search box */

  function mount(host, opts) {
    if (host.shadowRoot || host[NS]) return host[NS];
    var endpoint = opts.endpoint, n = widgets.length, script = hostScript(host);
    var root = host.attachShadow({ mode: "open" });
    style(root, BOX_CSS);
    var input = h("input", {
      id: "i", type: "search", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": "l", autocomplete: "off", spellcheck: "false",
      placeholder: host.getAttribute("data-placeholder") || opts.placeholder || "搜索 Search terms: 雙萬 · shuang wan · sqsx"
    });
    var list = h("ul", { id: "l", role: "listbox", "aria-label": "Search results" });
    list.hidden = true;
    var status = h("div", { cls: "vh", role: "status" });
    var icon = svg("svg", { viewBox: "0 0 24 24", width: "18", height: "18", "aria-hidden": "true" });
    icon.appendChild(svg("circle", { cx: "10.5", cy: "10.5", r: "6.5", fill: "none", stroke: "currentColor", "stroke-width": "2.2" }));
    icon.appendChild(svg("path", { d: "M15.5 15.5 21 21", stroke: "currentColor", "stroke-width": "2.2", "stroke-linecap": "round" }));
    root.appendChild(h("div", { cls: "w", part: "container" }, [
      h("label", { cls: "vh", "for": "i", text: host.getAttribute("data-label") || "Search the reports and their glossary" }),
      h("div", { cls: "box" }, [icon, input, h("kbd", { "aria-hidden": "true", text: "/" })]),
      list, status
    ]));

    var items = [], active = -1, timer, ctrl, cache = {};

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function select(i) {
      var opts = list.querySelectorAll("[role=option]");
      if (opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      }
    }
    function activate(item) { close(); go(item.url, opts.target); }

    function option(i, item, kids) {
      var li = h("li", { id: "o" + i, role: "option", "aria-selected": "false" }, kids);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { activate(item); });
      return li;
    }

    function render(q, data, titles) {
      list.textContent = ""; items = []; active = -1;
      (data.terms || []).slice(0, 3).forEach(function (t) {
        var en = t.english && t.english[0];
        items.push({ url: termUrl(endpoint, t.id), el: [
          h("span", { cls: "k", text: "Term " }),
          h("span", { cls: "h", text: unquote(t.term) }),
          h("span", { cls: "p", text: t.pinyin }),
          definitionText(h("span", { cls: "d" }), t.definition),
          en ? english("e", en) : null,
          // Several reports may define one headword: each row names whose definition it is.
          t.source ? h("span", { cls: "o", text: "Defined by " + (titles[t.source.document] || t.source.document) }) : null] });
      });
      (data.hits || []).slice(0, 5).forEach(function (hit) {
        var ord = hit.paragraph.split(":").pop();
        items.push({ url: endpoint + "/documents/" + encodeURIComponent(hit.document) + "?" +
          new URLSearchParams({ q: q, at: ord }) + "#p-" + encodeURIComponent(ord), el: [
          snippet(h("span", { cls: "s" }), hit.snippet),
          h("span", { cls: "m", text: [hit.document_title || titles[hit.document] || hit.document, hit.section, "line " + hit.line]
            .filter(Boolean).join(" · ") })] });
      });
      items.push({ url: endpoint + "/?" + new URLSearchParams({ q: q }), el: [
        h("span", { cls: "all", text: data.total ? "All " + data.total + " results for “" + clip(q) + "” →" : "No paragraph matches “" + clip(q) + "”: open the full search →" })] });
      items.forEach(function (item, i) { list.appendChild(option(i, item, item.el)); });
      list.lastChild.className = "last";
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = (data.terms || []).length + " terms, " + (data.total || 0) + " paragraphs";
    }

    function search() {
      var q = input.value.trim();
      if (ctrl) ctrl.abort();
      if (!q) { close(); return; }
      ctrl = win.AbortController ? new AbortController() : null;
      var answer = cache[q] || get(endpoint, "/api/search", { q: q, limit: "5", script: script }, ctrl && ctrl.signal);
      Promise.resolve(answer).then(function (data) {
        // Hits name their document (document_title); an older server's are looked up by id.
        var named = !(data.terms || []).length && (data.hits || []).every(function (hit) { return hit.document_title; });
        return Promise.all([data, named ? {} : documentTitles(endpoint, script)]);
      }).then(function (both) {
        cache[q] = both[0];
        if (input.value.trim() === q) render(q, both[0], both[1]);
      }, function (err) {
        if (err && err.name === "AbortError") return;
        list.textContent = "";
        list.appendChild(h("li", { cls: "msg", role: "option", "aria-disabled": "true", "aria-selected": "false", id: "o-err", text: "Search is unavailable just now." }));
        items = []; list.hidden = false; input.setAttribute("aria-expanded", "true");
      });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!open) { search(); return; }
        var step = e.key === "ArrowDown" ? 1 : -1;
        select(active < 0 && step < 0 ? items.length - 1 : (active + step + items.length) % items.length);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (open && active >= 0) activate(items[active]);
        else if (input.value.trim()) go(endpoint + "/?" + new URLSearchParams({ q: input.value.trim() }), opts.target);
      } else if (e.key === "Escape") {
        e.preventDefault();
        if (!list.hidden) close(); else input.value = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    var api = { input: input, focus: function () { input.focus(); input.select(); } };
    host[NS] = api;
    widgets.push(api);
    return api;
  }

  /* ---------------------------------------------------------------- term pop-ups in the host page */

  var SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA|INPUT|SELECT|OPTION|BUTTON|A|CODE|PRE|KBD|SVG|TEMPLATE|IFRAME)$/;

  function markTerms(scope, opts) {
    var endpoint = opts.endpoint;
    return get(endpoint, "/api/terms", { script: hostScript(scope) }).then(function (data) {
      var byForm = {}, forms = [];
      (data.terms || []).forEach(function (t) {
        (t.forms || [unquote(t.term)]).forEach(function (f) {
          if (f.length >= 2 && !byForm[f]) { byForm[f] = t; forms.push(f); }
        });
      });
      if (!forms.length) return 0;
      forms.sort(function (a, b) { return b.length - a.length; });
      var re = new RegExp(forms.map(function (f) { return f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
      var nodes = [], walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          for (var p = node.parentNode; p && p !== scope.parentNode; p = p.parentNode) {
            if (p.nodeType !== 1) continue;
            if (SKIP.test(p.tagName.toUpperCase()) || p.isContentEditable || p.hasAttribute("data-termsearch") ||
                p.hasAttribute("data-termsearch-term") || p.hasAttribute("data-termsearch-skip")) return NodeFilter.FILTER_REJECT;
          }
          re.lastIndex = 0;
          return re.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        }
      });
      while (walker.nextNode()) nodes.push(walker.currentNode);

      var descs = doc.getElementById(NS + "-descriptions") || doc.body.appendChild(h("div", { id: NS + "-descriptions", hidden: "" }));
      var descIds = {}, count = 0;
      function describe(t) {
        if (descIds[t.id]) return descIds[t.id];
        var id = NS + "-d-" + descriptions++;   // unique across calls: markTerms may run again on new text
        var en = t.english && t.english[0];
        descs.appendChild(h("span", { id: id, text: t.pinyin + ": " + t.definition.split("〓").join("[illegible text in the source]") +
          (en ? " English: " + en.text + " (" + enLabel(en) + ")" : "") }));
        return (descIds[t.id] = id);
      }
      nodes.forEach(function (node) {
        var text = node.nodeValue, last = 0, frag = doc.createDocumentFragment(), m;
        re.lastIndex = 0;
        while ((m = re.exec(text))) {
          var t = byForm[m[0]];
          frag.appendChild(doc.createTextNode(text.slice(last, m.index)));
          var mark = h("span", { "data-termsearch-term": t.id, tabindex: "0", role: "link",
            "aria-describedby": describe(t), cls: NS + "-term", text: m[0] });
          mark.style.textDecoration = "underline dotted";
          mark.style.textUnderlineOffset = "0.2em";
          mark.style.cursor = "help";
          mark[NS] = t;
          frag.appendChild(mark);
          last = m.index + m[0].length;
          count++;
        }
        frag.appendChild(doc.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(frag, node);
      });
      popups(opts);
      return count;
    });
  }

  var popupReady = false, descriptions = 0;
  function popups(opts) {
    if (popupReady) return;
    popupReady = true;
    var host = h("div", { "data-termsearch-popup": "" });
    doc.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    style(root, POP_CSS);
    var pop = h("div", { cls: "pop", role: "tooltip", id: "pop" });
    pop.hidden = true;
    root.appendChild(pop);
    var current = null, hideTimer;

    function show(mark) {
      clearTimeout(hideTimer);
      if (current === mark && !pop.hidden) return;
      current = mark;
      var t = mark[NS], en = t.english && t.english[0];
      pop.textContent = "";
      pop.appendChild(h("span", { cls: "h", text: unquote(t.term) }));
      pop.appendChild(h("span", { cls: "p", text: t.pinyin }));
      pop.appendChild(definitionText(h("div"), t.definition));
      if (en) pop.appendChild(english("e", en));
      pop.appendChild(h("a", { href: termUrl(opts.endpoint, t.id), tabindex: "-1", text: "More on termsearch →" }));
      pop.hidden = false;
      var r = mark.getBoundingClientRect(), w = doc.documentElement.clientWidth;
      var left = Math.max(8, Math.min(r.left, w - pop.offsetWidth - 8));
      pop.style.left = (left + win.scrollX) + "px";
      var below = r.bottom + 6 + pop.offsetHeight < win.innerHeight || r.top < pop.offsetHeight + 12;
      pop.style.top = (below ? r.bottom + 6 + win.scrollY : r.top - 6 - pop.offsetHeight + win.scrollY) + "px";
    }
    function hide(now) {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () { pop.hidden = true; current = null; }, now ? 0 : 200);
    }
    function markOf(e) { var t = e.target; return t && t.closest && t.closest("[data-termsearch-term]"); }

    doc.addEventListener("mouseover", function (e) { var m = markOf(e); if (m && m[NS]) show(m); });
    doc.addEventListener("mouseout", function (e) { if (markOf(e)) hide(); });
    doc.addEventListener("focusin", function (e) { var m = markOf(e); if (m && m[NS]) show(m); });
    doc.addEventListener("focusout", function (e) { if (markOf(e)) hide(true); });
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { hide(); });
    doc.addEventListener("keydown", function (e) {
      var m = markOf(e);
      if (e.key === "Escape" && !pop.hidden) hide(true);
      else if (e.key === "Enter" && m && m[NS]) go(termUrl(opts.endpoint, m[NS].id), opts.target);
    });
  }

  /* ---------------------------------------------------------------- start */

  function options(extra) {
    var o = extra || {};
    var attr = function (name) { return me && me.getAttribute("data-" + name); };
    var endpoint = o.endpoint || attr("endpoint") || (me && me.src ? new URL(me.src, win.location.href).origin : "");
    return { endpoint: String(endpoint).replace(/\/+$/, ""), target: o.target || attr("target") || "",
             placeholder: o.placeholder || attr("placeholder") || "" };
  }

  function init(extra) {
    var o = options(extra);
    Array.prototype.forEach.call(doc.querySelectorAll("[data-termsearch]"), function (el) { mount(el, o); });
    var popupsWanted = extra && "popups" in extra ? extra.popups : /^(true|on|1|yes)$/i.test(me && me.getAttribute("data-popups") || "");
    if (popupsWanted) {
      var scope = (me && me.getAttribute("data-popups-scope") && doc.querySelector(me.getAttribute("data-popups-scope"))) || doc.body;
      markTerms(scope, o).catch(function () {});
    }
  }

  doc.addEventListener("keydown", function (e) {
    var w = widgets[0];
    if (!w) return;
    var k = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey);
    if (k || (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e))) {
      e.preventDefault();
      w.focus();
    }
  });

  win.Termsearch = {
    version: "1",
    mount: function (el, extra) { return mount(el, options(extra)); },
    markTerms: function (scope, extra) { return markTerms(scope || doc.body, options(extra)); },
    init: init
  };
  if (!me || me.getAttribute("data-auto") !== "false") {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", function () { init(); });
    else init();
  }
})(window, document);
