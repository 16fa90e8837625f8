// The site's own search: reads tim-kiem/chi-muc.json (generator/render/search_index.py documents
// the format), ranks it here and shows the results as a list of links. No theme or engine inside.
//
// Every form with data-tt-search (the header's, the home page's, the results page's) is a plain
// GET form to tim-kiem/?q=…, so search works without this script as far as it can (the results
// page then says that it needs JavaScript and links the A–Z list). With it, the results appear
// under the field as the citizen types, and Enter opens the best result.
//
// Matching: the query and every document are folded the same way (NFC, lower case, đ → d,
// marks dropped), so "dang ky" finds "Đăng ký", "đăng ký" finds a name typed without
// diacritics, and decomposed input (NFD) matches like precomposed. Words keep inner dots
// (1.001193). Ranking: per query word, a whole word in the title 100, a prefix of a title word
// 10, a whole word in the text 1, a prefix in the text 0.1, each times the word's rarity
// (log of documents / documents with it); a document with every word of the query ranks
// above one with some (squared share of the words found); a title made of the query's words wins
// (×(1 + share of the title's words that the query has)), agencies ×1.5 (their name is in each of their procedures' text),
// and a title written with the very diacritics typed ×1.2.
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)*/gu;  // a folded word (generator/render/search_index.py: WORD)
  var RAW_WORD = /[\p{L}\p{M}\p{N}]+(?:\.[\p{L}\p{M}\p{N}]+)*/gu;  // a word as written, marks and all
  var MARKS = /\p{M}/gu;
  var DEBOUNCE_MS = 120;
  var LIMIT = { page: 50, panel: 8 };

  function lower(text) { return String(text).normalize("NFC").toLowerCase(); }
  function fold(text) { return lower(text).replace(/đ/g, "d").normalize("NFD").replace(MARKS, "").normalize("NFC"); }
  function words(text) { return text.match(WORD) || []; }

  var loading = null;
  function load(url) {
    if (!loading) {
      loading = fetch(url, { credentials: "same-origin" })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(prepare);
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // Words repeat across documents (agencies, fields): each distinct word is folded once.
  var folded = new Map();
  function indexWords(text) {  // = words(fold(text)), faster
    var out = [];
    (lower(text).match(RAW_WORD) || []).forEach(function (word) {
      var f = folded.get(word);
      if (f === undefined) { f = words(fold(word)); folded.set(word, f); }
      for (var i = 0; i < f.length; i++) out.push(f[i]);
    });
    return out;
  }

  // The index as postings: folded word → the documents with it in their title, in their text.
  function prepare(data) {
    var docs = [], vocabulary = new Map();
    function post(word, field, n) {
      var entry = vocabulary.get(word);
      if (!entry) { entry = { title: [], text: [], docs: 0, last: -1 }; vocabulary.set(word, entry); }
      var list = entry[field];
      if (list[list.length - 1] !== n) list.push(n);
      if (entry.last !== n) { entry.last = n; entry.docs++; }
    }
    (data.docs || []).forEach(function (d, n) {
      var title = indexWords(d[1]);
      title.forEach(function (w) { post(w, "title", n); });
      indexWords(d[3] || "").forEach(function (w) { post(w, "text", n); });
      docs.push({ url: d[0], title: d[1], kind: d[2], text: d[3] || "", titleWords: title,
                  exact: new Set(lower(d[1]).match(RAW_WORD) || []) });
    });
    return { docs: docs, vocabulary: vocabulary };
  }

  var EXACT_TITLE = 1, PREFIX_TITLE = 2, EXACT_TEXT = 4, PREFIX_TEXT = 8;

  function rank(index, query) {
    var typed = lower(query).match(RAW_WORD) || [], terms = words(fold(query));
    if (!terms.length) return [];
    var n = index.docs.length, score = new Float64Array(n), matched = new Uint8Array(n), accents = new Uint8Array(n);
    terms.forEach(function (w, i) {
      var hits = new Uint8Array(n), exact = index.vocabulary.get(w);
      function mark(list, bit) { for (var k = 0; k < list.length; k++) hits[list[k]] |= bit; }
      if (exact) { mark(exact.title, EXACT_TITLE); mark(exact.text, EXACT_TEXT); }
      index.vocabulary.forEach(function (entry, word) {
        if (word.length > w.length && word.lastIndexOf(w, 0) === 0) { mark(entry.title, PREFIX_TITLE); mark(entry.text, PREFIX_TEXT); }
      });
      var rarity = Math.log(1 + n / ((exact ? exact.docs : 0) + 0.5));
      for (var d = 0; d < n; d++) {
        var h = hits[d];
        if (!h) continue;
        var s = (h & EXACT_TITLE ? 100 : h & PREFIX_TITLE ? 10 : 0) + (h & EXACT_TEXT ? 1 : h & PREFIX_TEXT ? 0.1 : 0);
        matched[d]++;
        score[d] += s * rarity;
        if (typed[i] && fold(typed[i]) === w && typed[i] !== w && index.docs[d].exact.has(typed[i])) accents[d] = 1;
      }
    });
    var found = [];
    for (var d = 0; d < n; d++) {
      if (!matched[d]) continue;
      var doc = index.docs[d], covered = doc.titleWords.filter(function (t) {
        return terms.some(function (w) { return t.lastIndexOf(w, 0) === 0; });
      }).length;
      var value = score[d] * Math.pow(matched[d] / terms.length, 2) * (1 + covered / Math.max(1, doc.titleWords.length));
      if (doc.kind === "a") value *= 1.5;
      if (accents[d]) value *= 1.2;
      found.push({ doc: doc, score: value, order: d });
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.map(function (r) { return r.doc; });
  }

  if (typeof document === "undefined") {  // Node (the ranking's own checks): no page to attach to
    if (typeof module === "object") module.exports = { fold: fold, words: words, indexWords: indexWords, prepare: prepare, rank: rank };
    return;
  }

  // --- the forms ---------------------------------------------------------------------------

  function siteBase(indexUrl) {  // the index sits at <site>/tim-kiem/chi-muc.json
    return new URL("../", new URL(indexUrl, document.baseURI)).href;
  }

  function teaser(text) {
    return text.length > 160 ? text.slice(0, text.lastIndexOf(" ", 160) > 80 ? text.lastIndexOf(" ", 160) : 160) + " …" : text;
  }

  function show(form, results, query, found) {
    var box = document.getElementById(form.getAttribute("data-tt-results"));
    if (!box) return;
    var list = box.querySelector("ol"), status = box.querySelector("[data-tt-status]");
    var limit = box.hasAttribute("data-tt-panel") ? LIMIT.panel : LIMIT.page;
    var base = siteBase(form.getAttribute("data-tt-index"));
    list.textContent = "";
    found.slice(0, limit).forEach(function (doc) {
      var item = document.createElement("li"), link = document.createElement("a"), kind = document.createElement("span");
      item.className = "tt-search-result";
      link.className = "tt-search-result__link";
      link.href = new URL(doc.url, base).href;
      link.textContent = doc.title;
      kind.className = "tt-search-result__kind";
      kind.textContent = box.getAttribute("data-tt-kind-" + doc.kind) || "";
      item.appendChild(link);
      item.appendChild(kind);
      if (doc.text) {
        var text = document.createElement("p");
        text.className = "tt-search-result__text";
        text.textContent = teaser(doc.text);
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    var message = !query ? "" : found.length ? box.getAttribute("data-tt-count").replace("{count}", found.length)
      : box.getAttribute("data-tt-none").replace("{query}", query);
    if (status) status.textContent = message;
    box.hidden = !query && box.hasAttribute("data-tt-panel");
    results.best = query && found.length ? new URL(found[0].url, base).href : null;
  }

  function attach(form) {
    var field = form.querySelector("input[name=q]"), state = { best: null }, timer = null;
    if (!field) return;
    function run() {
      var query = field.value.normalize("NFC").trim();
      return load(form.getAttribute("data-tt-index")).then(function (index) {
        if (field.value.normalize("NFC").trim() !== query) return;  // typed on meanwhile: a later run shows it
        show(form, state, query, query ? rank(index, query) : []);
        if (form.hasAttribute("data-tt-page")) {
          var address = new URL(location.href);
          if (query) address.searchParams.set("q", query); else address.searchParams.delete("q");
          history.replaceState(null, "", address.href);
        }
      });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run().catch(function () {}); }, DEBOUNCE_MS);  // offline: nothing to show
    });
    form.addEventListener("submit", function (event) {
      if (!field.value.trim()) return;  // an empty query: the results page, with its hint
      event.preventDefault();
      clearTimeout(timer);
      run().then(function () {
        if (state.best) location.href = state.best; else if (!form.hasAttribute("data-tt-page")) form.submit();
      }, function () { form.submit(); });
    });
    form.addEventListener("keydown", function (event) {
      var box = document.getElementById(form.getAttribute("data-tt-results"));
      if (event.key === "Escape" && box && box.hasAttribute("data-tt-panel") && !box.hidden) {
        box.hidden = true;
        field.focus();
      }
    });
    if (form.hasAttribute("data-tt-page")) {
      var query = new URL(location.href).searchParams.get("q");
      if (query) { field.value = query; run().catch(function () {}); }
    }
  }

  document.addEventListener("click", function (event) {  // a click outside the header's form closes its results
    document.querySelectorAll("[data-tt-panel]").forEach(function (box) {
      var form = document.querySelector("[data-tt-results='" + box.id + "']");
      if (form && !form.contains(event.target) && !box.contains(event.target)) box.hidden = true;
    });
  });

  document.querySelectorAll("form[data-tt-search]").forEach(attach);
})();
