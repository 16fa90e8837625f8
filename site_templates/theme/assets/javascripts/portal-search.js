// Search ranking and input normalisation, on the page side of Material's search worker.
//
// Material sends the text typed in the search box to its lunr worker as
// {type: 2 (QUERY), data: "text"} and appends "*" to every word, so "ho chieu" also
// matches "hoạt", "học", "hoá"…: a long name full of words that merely start like
// the query outranks "Cấp hộ chiếu". Each plain word is therefore sent twice: once
// as an exact word ranked ten times higher ("ho^10"), once as Material sends it.
// The text is also normalised to NFC, so input typed in decomposed Unicode (some
// keyboards, copied text) matches like text typed precomposed. Unaccented input
// needs nothing more: the index holds an accent-folded copy of every entry
// (generator/site/search_index.py). Accented input is also sent folded ("đăng" →
// "dang", same boost), so it finds text an editor typed without diacritics.
// Loaded before Material's bundle creates the worker.
(function () {
  var QUERY = 2;
  var post = Worker.prototype.postMessage;
  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }
  function rewrite(query) {
    query = query.normalize("NFC");
    if (/["+\-~^:*]/.test(query)) return query; // the user wrote lunr syntax: leave it alone
    var words = query.trim().split(/\s+/).filter(Boolean);
    var folded = words.map(fold).filter(function (w, i) { return w !== words[i]; });
    words = words.concat(folded);
    return words.length ? words.map(function (w) { return w + "^10"; }).concat(words).join(" ") : query;
  }
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = { type: QUERY, data: rewrite(message.data) };
    }
    return post.apply(this, arguments);
  };
})();

// The search form's submit button (partials/search.html) opens the best result, as Enter
// does in Material; never a page reload with ?query=.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form || form.name !== "search" || !form.closest("[data-md-component=search]")) return;
  event.preventDefault();
  var best = null, bestScore = -Infinity;
  form.closest("[data-md-component=search]").querySelectorAll("[data-md-component=search-result] :first-child [href]")
    .forEach(function (link) {
      var score = parseFloat((link.firstElementChild || link).getAttribute("data-md-score"));
      if (score > bestScore) { best = link; bestScore = score; }
    });
  if (best) best.click(); else form.querySelector("input[name=query]").focus();
});

// The home page's large search field (home.md.j2) opens the site search: typing there moves the
// text into Material's search box and opens its dialog. Without JavaScript the form loads the
// page with ?q=…, which Material also opens as a search.
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field || field.id !== "tt-home-query") return;
  var box = document.querySelector("input[data-md-component=search-query]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  if (!toggle.checked) toggle.click();
  box.value = field.value;
  field.value = "";
  box.focus();
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
});
