// serve's page: posts the draft to /v1/check?format=html and shows check's page for it, moved in
// below the form. report.js (check's own script) handles the pairs, as it listens on document.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var form = $("check-form"), draft = $("draft"), file = $("file"), format = $("format"), id = $("draft-id");
  var failOver = $("fail-over"), counted = $("count-credited"), submit = $("submit"), status = $("status");
  var result = $("result"), title = $("result-title");

  function say(msg, error) {
    status.textContent = msg;
    status.classList.toggle("error", !!error);
  }

  fetch("/v1/index").then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
    if (j) $("index-info").textContent = j.articles.toLocaleString("en") + " articles indexed · commit " + j.last_commit.seq;
  }).catch(function () {});

  file.addEventListener("change", function () {
    var f = file.files[0];
    if (!f) return;
    f.text().then(function (t) {
      draft.value = t;
      format.value = /\.html?$/i.test(f.name) ? "html" : "text";
      if (id.value === "" || id.value === "draft") id.value = f.name;
      say("Loaded " + f.name + " (" + t.length.toLocaleString("en") + " characters). Check it with the button below.");
    }, function (err) { say("Could not read " + f.name + ": " + err, true); });
  });

  $("clear").addEventListener("click", function () {
    draft.value = ""; file.value = ""; id.value = "draft"; format.value = "text";
    clearResult();
    say("");
    draft.focus();
  });

  function clearResult() {
    while (title.nextSibling) result.removeChild(title.nextSibling);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (draft.value.trim() === "") { say("Paste a draft or upload a file first.", true); draft.focus(); return; }
    var q = new URLSearchParams({ format: "html", id: id.value.trim() || "draft" });
    if (failOver.value !== "") {
      var f = Number(failOver.value);
      if (!(f >= 0 && f <= 100)) { say("The share to flag is a percentage from 0 to 100.", true); failOver.focus(); return; }
      q.set("fail_over", String(f / 100));
    }
    if (counted.checked) q.set("count_credited", "true");
    submit.disabled = true;
    result.setAttribute("aria-busy", "true");
    say("Checking…");
    var type = format.value === "html" ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    fetch("/v1/check?" + q.toString(), { method: "POST", headers: { "Content-Type": type }, body: draft.value })
      .then(function (r) {
        if (!r.ok) {
          return r.json().then(function (j) { throw new Error(j.error || r.statusText); },
            function () { throw new Error(r.status + " " + r.statusText); });
        }
        var warn = r.headers.get("X-Neardup-Warnings");
        return r.text().then(function (html) { show(html, warn); });
      })
      .catch(function (err) { clearResult(); say("Not checked: " + err.message, true); })
      .finally(function () { submit.disabled = false; result.removeAttribute("aria-busy"); });
  });

  // show moves the results of check's page in: the draft's figures, matches and passages, and
  // each match beside the draft. The policy forbids style attributes in markup, so the bars'
  // widths are set through the CSS object model instead (data-style holds them meanwhile).
  function show(html, warn) {
    // Even an inert document parsed here falls under the page's policy, which refuses its style
    // elements (report.css has them) and style attributes: they are taken out of the text first.
    // html/template escapes "<" and '"' in the texts, so these patterns only meet the markup.
    html = html.replace(/<style>[\s\S]*?<\/style>/g, "").replace(/ style="/g, ' data-style="');
    var doc = new DOMParser().parseFromString(html, "text/html");
    var drafts = doc.getElementById("drafts");
    if (!drafts) throw new Error("the answer has no result");
    drafts.querySelectorAll("noscript").forEach(function (n) { n.remove(); });
    clearResult();
    Array.prototype.forEach.call(drafts.childNodes, function (n) { result.appendChild(document.importNode(n, true)); });
    result.querySelectorAll("[data-style]").forEach(function (el) {
      el.style.cssText = el.getAttribute("data-style");
      el.removeAttribute("data-style");
    });
    var n = result.querySelectorAll("details.pair").length;
    var most = result.querySelector(".stat b");
    say(n === 0 ? "Checked: the draft shares no passage with an indexed article." :
      "Checked: " + n + " indexed article" + (n === 1 ? "" : "s") + " share passages with the draft; at most " +
      most.textContent + " of its words from one." + (warn ? " Warning: " + warn + "." : ""));
    result.focus();
  }
}());
