/* The pages' tools beyond the role-play itself: the statuses on the list pages (topic,
   progress, certificate), the session planner, the certificate, and the progress
   page's record and reset. Not a global asset: roleplay.js loads it, once, on the first
   page that has one of them (scenario pages never run it), and Material's instant
   navigation then runs its init on every page shown. It reads saved progress through
   window.roleplay (status, watch). Without JavaScript the plan page is a plain list
   with each scenario's live timing, and the certificate page says what it needs.

   Statuses are read from each .rp-status span's data attributes (see list below):
   data-status, data-date, data-attempt, data-attempts, data-earlier, data-score and
   data-ending, never its words. */

/**
 * A row of the learner's record, as written to the CSV and JSON files.
 * @typedef {Object} RecordRow
 * @property {string} slug
 * @property {string} title
 * @property {string} status       in words: "Passed", "Completed", "In progress", "Not started"
 * @property {string} date_passed  YYYY-MM-DD, or ""
 * @property {string} attempt_passed  the attempt that passed, as "2", or ""
 * @property {string} attempts     how many attempts were started, or "" (not started)
 * @property {string} passed_on    "this version", "an earlier version" (the scenario has
 *                                 changed since), or "" (not passed)
 * @property {string} score        first answers right in the attempt that passed, else
 *                                 in the latest, as "2/3"; "" without questions or when
 *                                 not started
 * @property {string} ending       the best ending reached in the latest attempt, or ""
 */
(() => {
  "use strict";
  window.rpKit = 1; /* roleplay.js loads this script only when it has not run */
  var WORDS = { "not-started": "Not started", "in-progress": "In progress", completed: "Completed", passed: "Passed" };
  var FIELDS = ["slug", "title", "status", "date_passed", "attempt_passed", "attempts", "passed_on", "score", "ending"];

  function el(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text || "";
    return node;
  }
  var click = (node, f) => node.addEventListener("click", f);
  /* Today's local date, as YYYY-MM-DD. */
  var today = (d = new Date()) => new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
  var statuses = page => [...page.querySelectorAll(".rp-status[data-slug]")];
  var title = span => span.parentNode.querySelector("a").textContent.trim();

  /* List pages: each .rp-status span shows its scenario's status in words and in
     data-status (see Status in roleplay.js), with data-date (the date passed, or ""),
     data-attempt (the attempt that passed, or ""), data-attempts (attempts started, or
     "" when not started), data-earlier ("1" when passed on an earlier version of the
     scenario), data-score (see RecordRow) and data-ending (the best ending of the
     latest attempt, or ""); .rp-counts shows the counts. Redrawn whenever roleplay.js
     redraws (another tab saves, progress is reset). */
  function list(page) {
    var counts = [0, 0, 0, 0], keys = Object.keys(WORDS);
    statuses(page).forEach(span => {
      var at = k => span.getAttribute("data-" + k);
      var d = { version: at("v"), count: +at("n") || 0, passMark: +at("pm") || 0, max: +at("ma") || 0 };
      var [k, s, t] = window.roleplay.status(at("slug"), d), p = k > 2 && s.p;
      counts[k]++;
      var info = span.nextElementSibling;
      if (!info || info.className != "rp-attempts") span.after(info = el("span")), info.className = "rp-attempts";
      span.textContent = WORDS[keys[k]];
      info.textContent = p ? " on attempt " + p[0] + (p[4] != d.version ? ", in an earlier version" : "") + (s.n > p[0] ? " (" + s.n + " attempts)" : "") :
        k && s.n > 1 ? " (" + s.n + " attempts)" : "";
      Object.assign(span.dataset, {
        status: keys[k], date: p ? p[1] : "", attempt: p ? p[0] : "", attempts: k ? s.n : "",
        earlier: p && p[4] != d.version ? 1 : "", ending: s && s.done || "",
        score: !d.count || !k ? "" : p ? p[2] + "/" + p[3] : t.right + "/" + d.count
      });
    });
    page.querySelector(".rp-counts").textContent = [3, 2, 1, 0].map(k => counts[k] + " " + WORDS[keys[k]].toLowerCase()).join(", ") + ".";
  }

  function plan(page) {
    var find = cls => page.querySelector(".rp-plan-" + cls);
    var order = find("order"), total = find("total"), length = find("length"), boxes = [];
    page.querySelectorAll(".rp-plan-list li").forEach((li, i) => {
      var box = el("input"), name = li.querySelector("a").textContent;
      box.type = "checkbox";
      box.id = "rp-plan-" + i;
      box.setAttribute("aria-label", "Add " + name + " to the running order");
      li.prepend(box);
      box.addEventListener("change", update);
      boxes.push({ box, name, minutes: +li.getAttribute("data-minutes") || 0 });
    });
    length.addEventListener("change", update);
    function update() {
      var minutes = 0, picked = 0, budget = +length.value;
      order.textContent = "";
      boxes.forEach(b => {
        if (!b.box.checked) return;
        order.appendChild(el("li", b.name + " (" + minutes + " to " + (minutes + b.minutes) + " minutes)"));
        minutes += b.minutes;
        picked++;
      });
      page.classList.toggle("rp-plan-has-order", picked > 0);
      total.textContent = !picked ? "Tick scenarios below to add them." :
        "Total: " + minutes + " of " + budget + " minutes" + (minutes > budget ?
          ". That is " + (minutes - budget) + " minutes too long: untick one." :
          ", leaving " + (budget - minutes) + " minutes for a welcome and a wrap-up.");
      total.classList.toggle("rp-plan-over", minutes > budget);
    }
    find("builder").hidden = false;
  }

  /* The certificate lists the scenarios passed, with the date each was passed; the
     learner types their name and prints. */
  function certificate(page) {
    var find = cls => page.querySelector(".rp-cert-" + cls);
    var input = find("input"), name = find("name"), list = find("list");
    find("nojs").hidden = true;
    find("form").hidden = page.querySelector(".rp-cert").hidden = false;
    find("date").textContent = today();
    statuses(find("all")).forEach(span => {
      var d = span.dataset;
      if (d.status == "passed") {
        list.appendChild(el("li", title(span) + (d.date ? ", passed on " + d.date : ", passed (date not recorded)") +
          (d.attempt ? " at attempt " + d.attempt : "") + (d.earlier ? ", on an earlier version of the scenario" : "")));
      }
    });
    find("none").hidden = list.children.length > 0;
    input.addEventListener("input", () => { name.textContent = input.value.trim() || "(your name)"; });
    click(find("print"), () => print());
  }

  /* The learner's record: a RecordRow per scenario of the page. */
  var rows = page => statuses(page).map(span => {
    var d = span.dataset;
    return [d.slug, title(span), WORDS[d.status], d.date, d.attempt, d.attempts,
      d.status != "passed" ? "" : d.earlier ? "an earlier version" : "this version", d.score, d.ending].map(f => f || "");
  });

  /* The record as a file: CSV (every field quoted; text a spreadsheet would run as a
     formula made inert with a leading ') or JSON. */
  function download(page, csv) {
    var a = el("a"), found = rows(page);
    var text = csv ? "\ufeff" + [FIELDS, ...found].map(r => r.map(f => '"' + f.replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""') + '"').join(",")).join("\r\n") + "\r\n"
      : JSON.stringify({ made: new Date().toISOString(), scenarios: found.map(r => Object.fromEntries(FIELDS.map((f, j) => [f, r[j]]))) }, null, 2);
    a.href = URL.createObjectURL(new Blob([text], { type: csv ? "text/csv" : "application/json" }));
    a.download = "training-record-" + today() + (csv ? ".csv" : ".json");
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 6e4);
  }

  /* The progress page's record and reset. */
  function progress(page) {
    var find = cls => page.querySelector(".rp-" + cls);
    var confirm = find("reset-confirm"), ask = find("reset-ask");
    find("record").hidden = find("reset").hidden = false;
    click(find("record-csv"), () => download(page, 1));
    click(find("record-json"), () => download(page));
    click(ask, () => {
      confirm.hidden = false;
      find("reset-no").focus();
    });
    click(find("reset-no"), () => {
      confirm.hidden = true;
      ask.focus();
    });
    click(find("reset-yes"), () => {
      window.roleplay.reset(statuses(page).map(span => span.dataset.slug));
      confirm.hidden = true;
      find("counts").prepend("Your progress was reset. ");
      ask.focus();
    });
  }

  /* Each page once: Material's instant navigation may show it again. The lists first:
     the certificate and the record read their statuses. */
  function init() {
    document.querySelectorAll(":is(.rp-progress, .rp-topic-page):not([data-rp-ready])").forEach(page => {
      list(page);
      window.roleplay.watch(page, () => list(page));
      page.setAttribute("data-rp-ready", "");
    });
    [[".rp-plan", plan], [".rp-cert-page", certificate], [".rp-progress", progress]].forEach(([sel, setup]) => {
      document.querySelectorAll(sel + ":not([data-kit-ready])").forEach(page => {
        page.setAttribute("data-kit-ready", "");
        setup(page);
      });
    });
  }

  /* document$ replays the page shown to a late subscriber: init runs for it at once. */
  if (window.document$) document$.subscribe(init);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
