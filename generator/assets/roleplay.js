/* Role-play runtime: turns a scenario page's study version into an interactive
   conversation and knowledge check, keeps progress in this browser, and fills in the
   progress and topic pages. No dependencies; all text comes from the page itself.

   The page's data (see generator/render.py, runtime_data) lists each step's replies and
   each question's options in the study version's "listed" order: reply k of a step is
   the step's k-th .rp-choice, option j of a question its j-th li. The interactive
   version shows them in an order drawn per attempt (see order); what is saved are
   always listed indices, never shown positions. */

/**
 * What is saved for one scenario: JSON in localStorage under "rp2:" + slug. Every
 * value read from storage goes through clean(), the one validator.
 * @typedef {Object} State
 * @property {string} v      the scenario version (content hash) it belongs to
 * @property {number} n      the attempt, from 1: "Try again" makes it one more than the
 *                           saved one, so a tab can tell a newer attempt from its own
 * @property {number} seed   32-bit integer drawn for this attempt: the shown order of
 *                           every step's replies and question's options derives from it
 * @property {Array<[string, number]>} path  the decisions made: [step id, listed reply]
 * @property {string} at     the step shown last (while wait: the one just answered)
 * @property {boolean} wait  the last decision's feedback is shown, Continue not chosen
 * @property {?string} done  the best ending reached in this attempt: "success",
 *                           "partial", "failure", or null
 * @property {Object<string, [number[], boolean]>} quiz  by question index: [the latest
 *                           answer as listed option indices ([] when "Show the answer"
 *                           came first), whether the first answer was right]
 * @property {string} date   the local date (YYYY-MM-DD) it became passed, or "" (not
 *                           passed, or passed before dates were kept)
 *
 * The format before it, under "rp1:" + slug, is read and moved to "rp2:": it had v, at,
 * wait, done, path with written reply indices and quiz as {i: [written option indices,
 * right]} (one answer per question, taken as the first). Its done and right flags need
 * no mapping, so list pages count it as it is; a scenario page maps the indices with
 * the data's written positions and saves it anew.
 *
 * Statuses come from a State alone (score, list): Passed when done is "success" and the
 * first answers right reach the pass mark (right / questions >= pm; no questions: the
 * ending alone); Completed when any other ending was reached; In progress after a
 * decision, an answer or "Try again"; otherwise Not started.
 */
(() => {
  "use strict";
  var OLD = "rp1:", KEY = "rp2:";
  var OUTCOMES = ["success", "partial", "failure"];
  var STATUS = ["Not started", "In progress", "Completed", "Passed"];
  var memory = {}, syncs = [], disk = null;
  var own = (o, k) => ({}).hasOwnProperty.call(o, k);
  var isInt = (n, max) => typeof n == "number" && n % 1 == 0 && n >= 0 && n < max;
  var rnd = () => Math.random() * 2 ** 32 >>> 0;
  var today = (d = new Date()) => new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);

  /* Storage that never throws: localStorage (in an LMS, the adapter's store: lms.js),
     and memory for keys it refuses (only those, so what other tabs save is still read). */
  try { disk = window.rpLMS || localStorage; } catch (e) { /* blocked: memory only */ }
  function read(key) {
    var raw = own(memory, key) ? memory[key] : null;
    try {
      raw = JSON.parse(raw === null ? disk.getItem(key) : raw);
    } catch (e) { raw = null; }
    return raw && raw.constructor == Object ? raw : null;
  }
  function forget(key) {
    delete memory[key];
    try { disk.removeItem(key); } catch (e) { /* nothing to do */ }
  }
  function write(slug, value) {
    var raw = JSON.stringify(value);
    try {
      disk.setItem(KEY + slug, raw);
      delete memory[KEY + slug];
      forget(OLD + slug); /* moved: only once the new copy is safe */
    } catch (e) {
      memory[KEY + slug] = raw;
    }
  }

  /* The one validator: the stored value s as a clean State of the scenario d, or null.
     d is {v, n (questions), pm} on a list page; on the scenario page it is the page's
     data, and then the path must walk the step graph and answers fit the options. */
  function clean(s, d) {
    if (!s || s.v !== d.v || !Array.isArray(s.path) || s.wait !== !!s.wait ||
        s.wait && !s.path.length || s.done != null && OUTCOMES.indexOf(s.done) < 0) return null;
    var g = d.steps, at = d.start, quiz = {}, i, p, c, a;
    for (i = 0; i < s.path.length; i++) {
      p = s.path[i];
      c = g && own(g, at) && g[at].c;
      if (!Array.isArray(p) || !isInt(p[1], c ? c.length : 1e9) ||
          g && (!c || p[0] !== at)) return null;
      if (g && (i < s.path.length - 1 || !s.wait)) at = c[p[1]][0];
    }
    if (g && (s.at !== at || !own(g, at))) return null;
    for (i = 0; i < d.n; i++) {
      a = s.quiz && own(s.quiz, i) && s.quiz[i];
      if (Array.isArray(a) && Array.isArray(a[0]) && a[1] === !!a[1] &&
          a[0].every(j => isInt(j, d.q ? d.q[i][1].length : 1e9))) quiz[i] = [a[0], a[1]];
    }
    return {
      v: s.v, n: isInt(s.n, 1e9) ? s.n : 1, seed: isInt(s.seed, 2 ** 32) ? s.seed : rnd(),
      path: s.path, at: s.at, wait: s.wait, done: s.done || null, quiz: quiz,
      date: /^\d{4}-\d\d-\d\d$/.test(s.date) ? s.date : ""
    };
  }

  /* [clean state or null, the raw stored value, whether it is in the old format]. On a
     scenario page an old state's written indices become listed ones (-1: unmappable). */
  function get(slug, d) {
    var s = read(KEY + slug), o = !s && read(OLD + slug);
    if (o && d.steps) {
      try {
        o.path = o.path.map(p => [p[0], own(d.steps, p[0]) ? d.steps[p[0]].c.findIndex(c => c[2] === p[1]) : -1]);
      } catch (e) { o.path = 0; }
      for (var i in o.quiz) {
        try { o.quiz[i][0] = o.quiz[i][0].map(w => d.q[i][3].indexOf(w)); } catch (e) { /* dropped by clean */ }
      }
    }
    return [clean(s || o, d), s || o, !!o];
  }

  /* What a state has earned: [first answers right, questions answered, right answers
     needed for the pass mark, passed]. */
  function score(s, d) {
    var r = 0, k = 0, need = 0;
    for (var i in s.quiz) { k++; if (s.quiz[i][1]) r++; }
    while (need < d.n && need / d.n < d.pm) need++;
    return [r, k, need, s.done == "success" && r >= need];
  }
  function verdict(s, d) {
    var t = score(s, d), n = d.n, mark = " (pass mark " + Math.round(d.pm * 100) + "%).";
    return t[3] ? "Passed: you reached a successful ending" +
      (n ? " and answered " + t[0] + " of " + n + " questions right at the first try" + mark : ".")
      : "Not passed yet. Successful ending: " + (s.done == "success" ? "reached." : "not reached.") +
      (n ? " Knowledge check: " + t[0] + " of " + n + " first answers right; " + t[2] +
        " needed" + mark + (t[1] < n ? " Not answered yet: " + (n - t[1]) + "." : "") : "");
  }
  var right = (spec, chosen) => spec[1].every((c, j) => c === chosen.indexOf(j) >= 0);
  var better = (a, b) => !a || b && OUTCOMES.indexOf(b) < OUTCOMES.indexOf(a) ? b : a;

  /* A permutation of 0..len-1 from the attempt's seed and key (a step id, or "#" and a
     question's index): a string hash, then mulberry32 driving Fisher-Yates. */
  function order(seed, len, fixed, key) {
    var o = [], a = seed, i, j, t;
    for (i = 0; i < key.length; i++) a = Math.imul(a ^ key.charCodeAt(i), 597399067);
    for (i = 0; i < len; i++) o[i] = i;
    while (!fixed && --i > 0) {
      a = a + 0x6D2B79F5 | 0;
      t = Math.imul(a ^ a >>> 15, 1 | a);
      t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
      j = ((t ^ t >>> 14) >>> 0) % (i + 1);
      t = o[i]; o[i] = o[j]; o[j] = t;
    }
    return o;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function button(text, cls, action, type) {
    var b = el("button", cls, text);
    b.type = type || "button";
    if (action) b.addEventListener("click", action);
    return b;
  }
  /* Copies from's children into node; plain turns links into text (for buttons). */
  function fill(node, from, plain) {
    if (from) {
      from = from.cloneNode(true);
      if (plain) from.querySelectorAll("a").forEach(a => a.replaceWith(a.textContent));
      while (from.firstChild) node.appendChild(from.firstChild);
    }
    return node;
  }

  /* Open tabs follow each other: what one saves, the others redraw. */
  addEventListener("storage", e => {
    if (!e.key || !e.key.indexOf("rp")) syncs = syncs.filter(s => s[0].isConnected && (s[1](), 1));
  });

  function scenario(root) {
    /* Found by position: Material's instant navigation re-creates inline scripts
       without their attributes. */
    var data;
    try { data = JSON.parse(root.querySelector("script").textContent)[0]; } catch (e) { return; }
    if (!data || !data.steps) return;
    data.n = data.q.length;
    var study = root.querySelector(".rp-study");
    var live = root.querySelector(".rp-live");
    var notice = root.querySelector(".rp-notice");
    var announce = root.querySelector(".rp-announce");
    var quiz = root.querySelector(".rp-quiz");
    var shows = [], state;
    /* A step's study version (step ids are slugs). */
    var step = id => study.querySelector("#step-" + id);

    /* Nothing saved keeps this tab's seed: the order stays until the learner asks. */
    var fresh = seed => ({ v: data.v, n: 1, seed: seed || rnd(), path: [], at: data.start, wait: false, done: null, quiz: {}, date: "" });
    var got = get(data.slug, data);
    state = got[0] || fresh();
    /* What cannot be used is replaced, so that no page counts it. */
    if (!got[0] && got[1]) {
      if (typeof got[1].v == "string" && got[1].v !== data.v) notice.textContent = "This scenario has changed since your last visit, so your saved progress on it was cleared.";
      write(data.slug, state);
    } else if (got[0]) {
      if (got[2]) write(data.slug, state);
      if (state.path.length) notice.textContent = "Welcome back: you are where you left off.";
    }

    /* Applies act to this tab's state, merged with the saved one, saves, and redraws.
       The saved state is another tab's when it is a newer attempt (this tab is stale:
       it takes that one); in the same attempt the better ending and every first answer
       stay. */
    function save(act) {
      var s = get(data.slug, data)[0], m = state, i;
      if (s && s.n > m.n) m = s;
      else if (s && s.n == m.n) {
        m.done = better(m.done, s.done);
        for (i in s.quiz) m.quiz[i] = s.quiz[i];
      }
      act(m);
      m.date = score(m, data)[3] ? s && s.n == m.n && score(s, data)[3] ? s.date : today() : "";
      write(data.slug, state = m);
      all();
      return live.lastChild;
    }

    /* Narration, then speech: each can take focus; the first is focused on arrival. */
    function say(box, src) {
      ["rp-scene", "rp-line"].forEach(cls => {
        var from = src.querySelector("." + cls);
        if (from) box.appendChild(fill(el("p", cls), from)).tabIndex = -1;
      });
    }

    function turn(id, chosen, open) {
      var src = step(id), box = el("div", "rp-turn"), group = el("div", "rp-opts");
      var items = src.querySelectorAll(".rp-choice");
      say(box, src);
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Your reply");
      order(state.seed, items.length, data.steps[id].fixed, id).forEach(k => {
        var b = button(0, "rp-opt", () => choose(id, k));
        fill(b, items[k].querySelector("summary"), 1);
        if (chosen !== null) {
          if (k === chosen) b.classList.add("rp-picked");
          else b.disabled = true;
          b.setAttribute("aria-pressed", k === chosen);
        }
        group.appendChild(b);
      });
      box.appendChild(group);
      if (chosen !== null) {
        box.appendChild(fill(el("div", "rp-reply"), items[chosen].querySelector(".rp-reply")));
        if (open) box.appendChild(button("Continue", "md-button md-button--primary", proceed));
      }
      return live.appendChild(box);
    }

    function ending(id) {
      var src = step(id), end = data.steps[id].end, box = el("div", "rp-end rp-" + end);
      var n = state.path.length, best = state.path.filter(p => data.steps[p[0]].c[p[1]][1] == "best").length;
      say(box, src);
      box.appendChild(fill(el("p", "rp-outcome rp-" + end), src.querySelector(".rp-outcome")));
      box.appendChild(fill(el("div", "rp-debrief"), src.querySelector(".rp-debrief")));
      box.appendChild(el("p", 0, "You chose the best reply in " + best + " of " + n + (n == 1 ? " decision." : " decisions.")));
      box.appendChild(el("p", "rp-verdict"));
      box.appendChild(el("p", 0, "Try again starts a new attempt, in a new order: your replies and answers are cleared, and your status follows the new attempt."));
      box.appendChild(button("Try again", "md-button", restart));
      return live.appendChild(box);
    }

    /* Everything from the state; the verdict on the ending screen and in the notice. */
    function all() {
      var text = verdict(state, data), v;
      live.textContent = "";
      state.path.forEach((p, i, path) => turn(p[0], p[1], state.wait && i == path.length - 1));
      if (!state.wait) (data.steps[state.at].end ? ending : turn)(state.at, null);
      if ((v = live.querySelector(".rp-verdict"))) v.textContent = text;
      if (state.done) notice.textContent = text;
      shows.forEach(f => f());
    }
    var arrive = box => box.querySelector("[tabindex]").focus();

    function choose(id, k) {
      if (id !== state.at || state.wait) return;
      var box = save(m => {
        if (m.at === id && !m.wait) { m.path.push([id, k]); m.wait = true; }
      });
      var picked = box.querySelector(".rp-picked"), reply = box.querySelector(".rp-reply");
      if (picked) picked.focus();
      announce.textContent = reply ? reply.textContent.replace(/\s+/g, " ") : "";
    }

    function proceed() {
      arrive(save(m => {
        if (!m.wait) return;
        m.at = data.steps[m.at].c[m.path[m.path.length - 1][1]][0];
        m.wait = false;
        m.done = better(m.done, data.steps[m.at].end);
      }));
    }

    /* A new attempt: a new seed, nothing chosen or answered. */
    function restart() {
      notice.textContent = "";
      arrive(save(m => Object.assign(m, fresh(), { n: m.n + 1 })));
      announce.textContent = "A new attempt has started.";
    }

    /* Answers question i with the listed options chosen, or, without them, shows the
       answer (a wrong first answer when it comes first). */
    function answer(i, chosen) {
      save(m => {
        var had = own(m.quiz, i);
        if (chosen || !had) m.quiz[i] = [chosen || [], had ? m.quiz[i][1] : !!chosen && right(data.q[i], chosen)];
      });
    }

    study.hidden = true;
    live.hidden = false;
    all();
    /* Before the questions' own. */
    syncs.push([root, () => {
      notice.textContent = "";
      state = get(data.slug, data)[0] || fresh(state.seed);
      all();
    }]);

    if (quiz) quiz.prepend(el("p", 0, "Your first answer counts toward passing; you can try again for practice."));
    root.querySelectorAll(".rp-question").forEach(q => {
      var i = +q.getAttribute("data-q"), spec = data.q[i];
      if (!spec) return;
      var multiple = spec[0] == "multiple", seed = null;
      var form = el("form", "rp-form"), set = el("fieldset"), inputs = [], rows = [];
      var result = el("p", "rp-result");
      set.appendChild(fill(el("legend"), q.querySelector(".rp-prompt")));
      set.appendChild(fill(el("p", "rp-hint"), q.querySelector(".rp-hint")));
      q.querySelectorAll(".rp-olist li").forEach((li, j) => {
        var row = el("div", "rp-o"), input = el("input");
        var label = fill(el("label"), li.querySelector(".rp-otext"));
        var fb = fill(el("p", "rp-ofb"), li.querySelector(".rp-ofb"));
        input.type = multiple ? "checkbox" : "radio";
        input.name = "rp-" + data.slug + "-q" + i;
        input.id = label.htmlFor = input.name + "-o" + j;
        if (spec[1][j] === true) fb.prepend(el("strong", 0, "Correct answer."));
        row.append(input, label, fb);
        rows.push(row);
        inputs.push(input);
      });
      result.setAttribute("aria-live", "polite");
      form.append(set, button("Check answer", "md-button", 0, "submit"),
        button("Show the answer", "md-button", () => answer(i)), result);

      /* Shows the saved answer, or none, with the options in this attempt's order. */
      shows.push(() => {
        if (seed !== state.seed) {
          seed = state.seed;
          order(seed, rows.length, spec[2], "#" + i).forEach(j => set.appendChild(rows[j]));
        }
        var a = state.quiz[i], ok = a && a[0].length && right(spec, a[0]);
        result.textContent = !a ? "" : !a[0].length ? "The answer is shown. It counts as a wrong first answer." :
          (ok ? "Correct" : "Not quite") + (ok === a[1] ? "" : ". For passing, your first answer counts: it was " + (a[1] ? "right." : "not right."));
        inputs.forEach((input, j) => {
          var fb = rows[j].lastChild;
          input.checked = !!a && a[0].indexOf(j) >= 0;
          fb.hidden = !a || !fb.textContent.trim();
        });
      });
      form.addEventListener("submit", event => {
        event.preventDefault();
        var chosen = [];
        inputs.forEach((input, j) => { if (input.checked) chosen.push(j); });
        if (chosen.length) answer(i, chosen);
        else result.textContent = multiple ? "Choose at least one answer first." : "Choose an answer first.";
      });
      q.textContent = "";
      q.appendChild(form);
    });
    shows.forEach(f => f());
  }

  /* List pages: each .rp-status as [slug, title, status, date passed, score, ending];
     the spans show their status and .rp-counts the counts. */
  function list(page) {
    var counts = [0, 0, 0, 0];
    var rows = [...page.querySelectorAll(".rp-status[data-slug]")].map(span => {
      var at = k => span.getAttribute("data-" + k), slug = at("slug");
      var d = { v: at("v"), n: +at("n") || 0, pm: +at("pm") || 0 };
      var s = get(slug, d)[0], t = s ? score(s, d) : [0];
      var k = !s ? 0 : t[3] ? 3 : s.done ? 2 : s.n > 1 || s.path.length || Object.keys(s.quiz).length ? 1 : 0;
      counts[k]++;
      span.textContent = STATUS[k];
      span.dataset.date = t[3] ? s.date : ""; // for the certificate
      return [slug, span.parentNode.querySelector("a").textContent.trim(), STATUS[k], t[3] ? s.date : "",
        d.n ? t[0] + "/" + d.n : "", s && s.done || ""];
    });
    page.querySelector(".rp-counts").textContent = [3, 2, 1, 0].map(k => counts[k] + " " + STATUS[k].toLowerCase()).join(", ") + ".";
    return rows;
  }

  /* The learner's record as a file: CSV (every field quoted; text a spreadsheet would
     run as a formula made inert with a leading ') or JSON. */
  var FIELDS = ["slug", "title", "status", "date_passed", "score", "ending"];
  function record(page, csv) {
    var rows = list(page), a = el("a");
    var text = csv ? "\ufeff" + [FIELDS, ...rows].map(r => r.map(f => '"' + f.replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""') + '"').join(",")).join("\r\n") + "\r\n"
      : JSON.stringify({ made: new Date().toISOString(), scenarios: rows.map(r => Object.fromEntries(FIELDS.map((f, j) => [f, r[j]]))) }, null, 2);
    a.href = URL.createObjectURL(new Blob([text], { type: csv ? "text/csv" : "application/json" }));
    a.download = "training-record-" + today() + (csv ? ".csv" : ".json");
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 6e4);
  }

  function progress(page) {
    var find = cls => page.querySelector(".rp-" + cls), on = (cls, f) => find(cls).addEventListener("click", f);
    var confirm = find("reset-confirm"), ask = find("reset-ask");
    find("record").hidden = find("reset").hidden = false;
    on("record-csv", () => record(page, 1));
    on("record-json", () => record(page));
    on("reset-ask", () => {
      confirm.hidden = false;
      find("reset-no").focus();
    });
    on("reset-no", () => {
      confirm.hidden = true;
      ask.focus();
    });
    on("reset-yes", () => {
      list(page).forEach(r => { forget(OLD + r[0]); forget(KEY + r[0]); });
      confirm.hidden = true;
      list(page);
      find("counts").prepend("Your progress was reset. ");
      ask.focus();
    });
  }

  function init() {
    document.querySelectorAll(":is(.rp, .rp-progress, .rp-topic-page):not([data-rp-ready])").forEach(node => {
      node.setAttribute("data-rp-ready", "");
      if (node.classList.contains("rp")) return scenario(node);
      if (node.classList.contains("rp-progress")) progress(node);
      list(node);
      syncs.push([node, () => list(node)]);
    });
  }

  /* Material's instant navigation announces each page it shows. */
  if (window.document$) document$.subscribe(init);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
