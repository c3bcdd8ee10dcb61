/* Role-play runtime: turns a scenario page's study version into an interactive
   conversation and knowledge check, keeps progress in this browser, fills in the
   progress and topic pages, tells other scripts what the learner does (events), and
   loads the facilitator kit's script (kit.js) on the pages that need it. No
   dependencies; all text comes from the page itself.

   The page's data (Page, below) lists each step's replies and each question's options
   in the study version's "listed" order: reply k of a step is the step's k-th
   .rp-choice, option j of a question its j-th li. The interactive version shows them in
   an order drawn per attempt (see order); what is saved are always listed indices,
   never shown positions. */

/**
 * A scenario page's data: JSON in the page's <script class="rp-data">, wrapped in a
 * one-item list (generator/render.py, runtime_data, writes it).
 * @typedef {Object} Page
 * @property {string} slug      the scenario's name: its file's, without .yml
 * @property {string} version   the scenario's structure version (State.v): a hash of its
 *                              step ids, replies' ids and targets, questions' and
 *                              options' ids; wording, notes and comments do not count
 * @property {string} start     the first step's id
 * @property {Object<string, Step>} steps  by step id
 * @property {Slot[]} questions  the knowledge check's slots, in the file's order
 * @property {number} passMark  the share of first answers that must be right, 0 to 1
 * @property {number} maxAttempts  how many attempts count towards the status; 0: all
 * @property {string} coaching  "debrief": a reply shows only the patron's reaction and
 *                              the ending lists every choice with its quality and
 *                              feedback; "immediate": each reply's quality and feedback
 *                              show at once, with Continue
 * @property {number} [count]   set by the runtime: how many slots (see Rule)
 * @property {number} [max]     set by the runtime: maxAttempts (see Rule)
 *
 * A decision (replies) or an ending.
 * @typedef {Object} Step
 * @property {Reply[]} [replies]  in the listed order
 * @property {boolean} [fixed]    true: the replies are always shown in the listed order
 * @property {string} [ending]    "success", "partial" or "failure"
 * @property {string} [sig]       a decision's own structure version: a saved path
 *                                through it is kept across versions while it is equal
 *
 * @typedef {Object} Reply
 * @property {string} next     the step it leads to
 * @property {string} quality  "best", "good" or "poor"
 * @property {number} written  its place among the step's replies in the file, from 0
 * @property {string} [id]     its response id, reported to an LMS (SCORM packages only)
 *
 * A place in the knowledge check: one question, or a bank of variants of which each
 * attempt asks one, drawn from its seed (see pick).
 * @typedef {Object} Slot
 * @property {string} sig        its structure version (as Step.sig, for answers)
 * @property {Question[]} variants  one or more
 *
 * @typedef {Object} Question
 * @property {string} type       "single" or "multiple"
 * @property {boolean[]} correct  whether each option, in the listed order, is right
 * @property {number[]} written  each listed option's place in the file, from 0
 * @property {boolean} [fixed]   true: the options are always shown in the listed order
 * @property {string[]} [ids]    each listed option's response id (SCORM packages only)
 * @property {string} [id]       its interaction id (SCORM packages only)
 *
 * What a status needs of a scenario. A list page reads it from each .rp-status span's
 * data-v, data-n, data-pm and data-ma; on a scenario page it is the Page.
 * @typedef {Object} Rule
 * @property {string} version
 * @property {number} count     how many slots the knowledge check has
 * @property {number} passMark
 * @property {number} max       how many attempts count; 0: all
 */

/**
 * What is saved for one scenario: JSON in localStorage under roleplay.key(slug), "rp2:"
 * and the slug (in an LMS, the adapter's store: lms.js). Every value read from storage
 * goes through clean(), the one validator.
 * @typedef {Object} State
 * @property {string} v      the scenario version (Page.version) it belongs to
 * @property {number} n      the attempt, from 1: "Try again" makes it one more than the
 *                           saved one, so a tab can tell a newer attempt from its own;
 *                           with Rule.max, attempts after the max-th are practice
 * @property {number} seed   32-bit integer drawn for this attempt: the shown order of
 *                           every step's replies and question's options derives from it
 * @property {Array<[string, number, string]>} path  the decisions made: [step id,
 *                           listed reply, the step's sig] (saved before sigs: no sig)
 * @property {string} at     the step shown last (while wait: the one just answered)
 * @property {boolean} wait  the last decision's feedback is shown, Continue not chosen
 *                           (coaching "immediate" only: under "debrief" a reply leads
 *                           on at once)
 * @property {?string} done  the best ending reached in this attempt: "success",
 *                           "partial", "failure", or null
 * @property {Object<string, [number[], boolean, string]>} quiz  by slot index: [the
 *                           latest answer as listed option indices of the variant this
 *                           attempt drew ([] when "Show the answer" came first), whether
 *                           the first answer was right, the slot's sig]
 * @property {?Pass} p       the first attempt that passed; kept by "Try again" and
 *                           across versions
 * @property {number} h      the best Status index (0-2) of the earlier attempts that
 *                           counted, and of attempts a new version closed
 *
 * @typedef {Array} Pass  [attempt, local date YYYY-MM-DD ("" if unknown), first answers
 *                        right, questions, the version it was passed on]
 *
 * Saved before pass records were kept, a State had date: the local date it became
 * passed, or "". clean() makes its Pass from it. *
 * The format before it, under "rp1:" + slug, is read and moved to "rp2:": it had v, at,
 * wait, done, path with written reply indices and quiz as {i: [written option indices,
 * right]} (one answer per question, taken as the first). Its done and right flags need
 * no mapping, so list pages count it as it is; a scenario page maps the indices with
 * the data's written positions and saves it anew.
 */

/**
 * The pass rule, here and nowhere else (status, score): an attempt passes when done
 * is "success" and its first answers right reach the pass mark (right / count >=
 * passMark; no questions: the ending alone). A State is "passed" once an attempt that
 * counted passed (State.p); otherwise the best of its earlier attempts (State.h) and
 * of this one while it counts: "completed" when an ending was reached, "in-progress"
 * after a decision, an answer or "Try again"; otherwise "not-started". List pages put it in each .rp-status span's data-status (and its
 * words in the span); read that attribute, never the words.
 * @typedef {"not-started"|"in-progress"|"completed"|"passed"} Status
 *
 * @typedef {Object} Score
 * @property {number} right     first answers right
 * @property {number} answered  questions answered
 * @property {number} needed    first answers right that the pass mark needs
 * @property {boolean} passed
 */

/**
 * Events: what the learner does on a scenario page, told once it is saved and shown, as
 * a CustomEvent "roleplay:" + type on window whose detail is a RoleplayEvent. Listen
 * with addEventListener("roleplay:reply", e => ... e.detail ...), before or after this
 * script loads (lms.js, loaded before it, does). A listener that throws is reported by
 * the browser and changes nothing here. The types:
 * - "attempt": "Try again" started a new attempt (the first starts with the page);
 * - "reply": a reply was chosen (reply, index, quality);
 * - "step": Continue (under coaching "debrief": the reply, told just after "reply") led
 *   to the next decision;
 * - "ending": likewise, to an ending (outcome);
 * - "answer": a question was answered, or its answer shown (question, chosen, first,
 *   correct); "Show the answer" after an answer changes nothing, and is not told.
 * Events come from this tab's own actions only: other tabs tell their own.
 * @typedef {Object} RoleplayEvent
 * @property {string} type      as above
 * @property {string} scenario  the scenario's slug
 * @property {number} attempt   the attempt, from 1 (State.n)
 * @property {number} time      when, in milliseconds since 1970 (as Date.now())
 * @property {string} step      the step shown: for "reply" the one replied to, for
 *                              "step" and "ending" the one arrived at
 * @property {Status} status    the scenario's status after it (under coaching "debrief"
 *                              a reply is saved with the step it leads to: its
 *                              "reply" and "step" or "ending" both tell the status
 *                              after the two)
 * @property {number} right     first answers right in this attempt, after it
 * @property {?string} [reply]  "reply": the reply's response id (Reply.id; SCORM
 *                              packages only, otherwise null)
 * @property {number} [index]   "reply": the reply's listed index
 * @property {string} [quality] "reply": "best", "good" or "poor"
 * @property {string} [outcome] "ending": "success", "partial" or "failure"
 * @property {number} [question] "answer": the question's index, from 0
 * @property {number} [variant]  "answer": which of the slot's variants was asked
 * @property {number[]} [chosen] "answer": the listed options chosen ([]: "Show the
 *                              answer")
 * @property {boolean} [first]  "answer": the question's first answer in this attempt,
 *                              the one that counts toward passing
 * @property {boolean} [correct] "answer": whether this answer is right ("Show the
 *                              answer": false)
 *
 * window.roleplay, for other scripts (lms.js, kit.js):
 * @typedef {Object} RoleplayApi
 * @property {function(string): string} key  where the State of the scenario with this
 *           slug is stored (in an LMS: the key the adapter's store is asked for)
 * @property {function(string[]): void} reset  forgets what is saved of the scenarios
 *           with these slugs (in either format), and redraws what this page shows of them
 * @property {function(string, Rule): Array} status  for kit.js's list pages: the
 *           saved progress of the scenario with this slug as [its Status's index in
 *           ["not-started", "in-progress", "completed", "passed"], the clean State or
 *           null, its Score (of the latest attempt) or null]
 * @property {function(Element, function(): void): void} watch  calls the function
 *           whenever this script redraws (another tab saved, progress reset), while
 *           the element is in the page
 */
(() => {
  "use strict";
  var OLD = "rp1:", KEY = "rp2:";
  var OUTCOMES = ["success", "partial", "failure"];
  /* Statuses by rank (see rank): as data-status, and as words. */
  var STATUS = ["not-started", "in-progress", "completed", "passed"];
  var memory = {}, syncs = [], disk = null;
  /* This script's address, known only while it first runs: kit.js is beside it. */
  var here = (document.currentScript || {}).src || "";
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

  var isDate = t => /^(\d{4}-\d\d-\d\d)?$/.test(t);
  /* The one validator: the stored value s as a clean State of the scenario d (a Rule),
     or null when it is not one of ours. On the scenario page d is the Page: the path
     must walk the step graph, through steps whose sig is as saved, and answers fit the
     variant drawn. What was saved on another version keeps its record (p, h, n);
     an attempt that no longer fits starts again (x: 1 for the notice; -1: it was
     unusable on this version, and is replaced without a word). */
  function clean(s, d) {
    if (!s || typeof s.v != "string" || !Array.isArray(s.path)) return null;
    var g = d.steps, at = d.start, quiz = {}, same = s.v === d.version, i, p, c, a, q;
    var ok = s.wait === !!s.wait && !(s.wait && !s.path.length) && !(s.done != null && OUTCOMES.indexOf(s.done) < 0);
    var r = {
      v: d.version, n: isInt(s.n, 1e9) && s.n || 1, seed: isInt(s.seed, 2 ** 32) ? s.seed : rnd(),
      path: s.path, at: s.at, wait: s.wait, done: s.done || null, quiz: quiz,
      p: (p = s.p) && [0, 2, 3].every(j => isInt(p[j], 1e9)) && isDate(p[1]) && typeof p[4] == "string" ? p.slice(0, 5) : null,
      h: isInt(s.h, 3) ? s.h : 0
    };
    for (i = 0; ok && i < s.path.length; i++) {
      p = s.path[i];
      c = g && own(g, at) && g[at].replies;
      if (!Array.isArray(p) || !isInt(p[1], c ? c.length : 1e9) ||
          g && (!c || p[0] !== at || !same && p[2] != null && p[2] !== g[at].sig)) ok = false;
      else if (g && (i < s.path.length - 1 || !s.wait)) at = c[p[1]].next;
    }
    if (g && (s.at !== at || !own(g, at))) ok = false;
    for (i = 0; i < d.count; i++) {
      a = s.quiz && own(s.quiz, i) && s.quiz[i];
      q = g && d.questions[i];
      if (Array.isArray(a) && Array.isArray(a[0]) && a[1] === !!a[1] && (same || !q || a[2] == null || a[2] === q.sig) &&
          a[0].every(j => isInt(j, q ? pick(q, r.seed, i).correct.length : 1e9))) quiz[i] = [a[0], a[1], a[2]];
    }
    /* Saved before pass records: passed by the rule, or dated (a date was set only
       when it became passed, and stays true whatever the version; in an LMS it came
       where p is now). */
    c = [s.date, s.p].find(t => t && typeof t == "string" && isDate(t)) || "";
    if (!r.p && s.done == "success" && counts(r, d) && (c || score(r, d).passed)) {
      a = Object.keys(quiz);
      r.p = [r.n, c, a.filter(k => quiz[k][1]).length, c ? a.length : d.count, s.v];
    }
    if (!same) r.h = Math.min(2, rank(r, d));
    if (!ok) {
      Object.assign(r, { path: [], at: d.start, wait: false, done: null, quiz: {} });
      r.x = g && (same ? -1 : 1); /* unusable, or from another version */
    }
    return r;
  }

  /* [clean state or null, the raw stored value, whether it is in the old format]. On a
     scenario page an old state's written indices become listed ones (-1: unmappable). */
  function get(slug, d) {
    var s = read(KEY + slug), o = !s && read(OLD + slug);
    if (o && d.steps) {
      try {
        o.path = o.path.map(p => [p[0], d.steps[p[0]].replies.findIndex(r => r.written === p[1])]);
        for (var i in o.quiz) o.quiz[i][0] = o.quiz[i][0].map(w => d.questions[i].variants[0].written.indexOf(w));
      } catch (e) { o.path = []; /* cannot be mapped: the attempt starts again */ }
    }
    return [clean(s || o, d), s || o, !!o];
  }

  /* What the State s of the scenario d (a Rule) has earned: a Score. */
  function score(s, d) {
    var t = { right: 0, answered: 0, needed: 0 };
    for (var i in s.quiz) { t.answered++; if (s.quiz[i][1]) t.right++; }
    while (t.needed < d.count && t.needed / d.count < d.passMark) t.needed++;
    t.passed = s.done == "success" && t.right >= t.needed;
    return t;
  }
  /* Whether s's attempt counts towards the status (Rule.max). */
  var counts = (s, d) => !d.max || s.n <= d.max;
  /* The Status of s (or of nothing saved) as its index in STATUS. */
  var rank = (s, d) => !s ? 0 : s.p || counts(s, d) && score(s, d).passed ? 3 : Math.max(s.h, s.n > 1 ? 1 : 0,
    counts(s, d) ? s.done ? 2 : s.path.length || Object.keys(s.quiz).length ? 1 : 0 : 0);
  function verdict(s, d) {
    var t = score(s, d), n = d.count, p = s.p, mark = " (pass mark " + Math.round(d.passMark * 100) + "%)";
    return p ? "Passed on attempt " + p[0] + ": you reached a successful ending" +
      (p[3] ? " and answered " + p[2] + " of " + p[3] + " questions right at the first try" + mark : "") + "." +
      (p[4] != d.version ? " That was in an earlier version of this scenario." : "") +
      (p[0] < s.n ? " Later attempts are practice: they do not change this." : "")
      : "Not passed yet. Successful ending: " + (s.done == "success" ? "reached." : "not reached.") +
      (n ? " Knowledge check: " + t.right + " of " + n + " first answers right; " + t.needed +
        " needed" + mark + "." + (t.answered < n ? " Not answered yet: " + (n - t.answered) + "." : "") : "") +
      (!d.max ? "" : counts(s, d) ? " This is attempt " + s.n + " of the " + d.max + " that count." : practice(d));
  }
  var practice = d => " The " + d.max + " attempts that count are used: this one is practice, and does not change your status.";
  var right = (q, chosen) => q.correct.every((c, j) => c === chosen.indexOf(j) >= 0);
  var better = (a, b) => !a || b && OUTCOMES.indexOf(b) < OUTCOMES.indexOf(a) ? b : a;


  /* A permutation of 0..len-1 from the attempt's seed and key (a step id, "#" and a
     question's place, or "?" and a slot's index): a string hash, then mulberry32
     driving Fisher-Yates. */
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

  /* The variant of slot q (the i-th) that the attempt with this seed asks. */
  var pick = (q, seed, i) => q.variants[order(seed, q.variants.length, 0, "?" + i)[0]];

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

  /* Redraws what is on this page from what is saved. Open tabs follow each other:
     what one saves, the others redraw. */
  var sync = () => { syncs = syncs.filter(s => s[0].isConnected && (s[1](), 1)); };
  addEventListener("storage", e => { if (!e.key || !e.key.indexOf("rp")) sync(); });

  /**
   * A scenario page being played: what the functions below share.
   * @typedef {Object} Run
   * @property {Page} data
   * @property {State} state      this tab's, as last saved or read
   * @property {Element} study    the study version (.rp-study), hidden
   * @property {Element} live     the interactive conversation (.rp-live)
   * @property {Element} notice   what the learner should know on arrival (.rp-notice)
   * @property {Element} announce read out by screen readers (.rp-announce)
 * @property {?Element} check   the knowledge check with its heading (.rp-check), if any
   * @property {Array<function(): void>} shows  each question's redraw
   */
  function scenario(root) {
    /* Found by position: Material's instant navigation re-creates inline scripts
       without their attributes. */
    var data, run = { shows: [] };
    try { data = JSON.parse(root.querySelector("script").textContent)[0]; } catch (e) { return; }
    if (!data || !data.steps) return;
    data.count = data.questions.length;
    data.max = data.maxAttempts || 0;
    run.data = data;
    ["study", "live", "notice", "announce", "check"].forEach(k => { run[k] = root.querySelector(".rp-" + k); });
    run.state = restore(run);
    run.study.hidden = true;
    run.live.hidden = false;
    draw(run);
    /* Before the questions' own. */
    syncs.push([root, () => {
      run.notice.textContent = "";
      run.state = get(data.slug, data)[0] || fresh(data, run.state.seed);
      draw(run);
    }]);
    quiz(run, root);
  }

  /* Nothing saved keeps this tab's seed: the order stays until the learner asks. */
  var fresh = (data, seed) => ({ v: data.version, n: 1, seed: seed || rnd(), path: [], at: data.start, wait: false, done: null, quiz: {}, p: null, h: 0 });

  /* The saved State, or a fresh one. What cannot be used is replaced, so that no page
     counts it; nothing saved becomes the fresh one. */
  function restore(run) {
    var data = run.data, got = get(data.slug, data), state = got[0] || fresh(data);
    /* Saved at once, so that the attempt's order stays on reload; unplayed, it still
       counts as not started (rank). */
    if (!got[0] || got[2] || got[1].v !== data.version || state.x) write(data.slug, state);
    if (state.x > 0) run.notice.textContent = "This scenario has changed since your last visit, so your unfinished attempt starts again. Your results and any pass are kept.";
    else if (state.path.length) run.notice.textContent = "Welcome back: you are where you left off.";
    delete state.x;
    return state;
  }

  /* Applies act to this tab's state, merged with the saved one, saves, redraws, and
     tells the events act returns, if any (one or a list; each its type and own fields,
     which may name its step). The saved state is
     another tab's when it is a newer attempt (this tab is stale: it takes that one); in
     the same attempt the better ending and every first answer stay. */
  function save(run, act) {
    var data = run.data, s = get(data.slug, data)[0], m = run.state, e, t, i;
    if (s && s.n > m.n) m = s;
    else if (s && s.n == m.n) {
      m.done = better(m.done, s.done);
      for (i in s.quiz) m.quiz[i] = s.quiz[i];
      m.p = m.p || s.p;
    }
    e = act(m);
    t = score(m, data);
    if (!m.p && t.passed && counts(m, data)) m.p = [m.n, today(), t.right, data.count, data.version];
    delete m.x;
    write(data.slug, run.state = m);
    draw(run);
    [].concat(e || []).forEach(e => dispatchEvent(new CustomEvent("roleplay:" + e.type, { detail: Object.assign({
      scenario: data.slug, attempt: m.n, time: Date.now(), step: m.at,
      status: STATUS[rank(m, data)], right: t.right
    }, e) })));
    return run.live.lastChild;
  }

  /* Everything from the state; the verdict on the ending screen and in the notice. */
  function draw(run) {
    var s = run.state, text = verdict(s, run.data), v;
    run.live.textContent = "";
    s.path.forEach((p, i, path) => turn(run, p[0], p[1], s.wait && i == path.length - 1));
    if (!s.wait) (run.data.steps[s.at].ending ? ending : turn)(run, s.at, null);
    if ((v = run.live.querySelector(".rp-verdict"))) v.textContent = text;
    if (s.done) run.notice.textContent = text;
    else if (!counts(s, run.data)) run.notice.textContent = practice(run.data).trim();
    /* The knowledge check follows an ending of this attempt. */
    if (run.check) run.check.hidden = !s.done;
    run.shows.forEach(f => f());
  }

  /* Narration, then speech, from a step's study version: each can take focus; the
     first is focused on arrival. */
  function say(run, box, id) {
    var src = run.study.querySelector("#step-" + id); /* step ids are slugs */
    ["rp-scene", "rp-line"].forEach(cls => {
      var from = src.querySelector("." + cls);
      if (from) box.appendChild(fill(el("p", cls), from)).tabIndex = -1;
    });
    return src;
  }
  var arrive = box => box.querySelector("[tabindex]").focus();

  /* A decision: its replies in this attempt's order; once one is chosen (coaching
     "immediate") its feedback and (open: the last, Continue not chosen) Continue. */
  function turn(run, id, chosen, open) {
    var box = el("div", "rp-turn"), group = el("div", "rp-opts");
    var items = say(run, box, id).querySelectorAll(".rp-choice");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Your reply");
    order(run.state.seed, items.length, run.data.steps[id].fixed, id).forEach(k => {
      var b = button(0, "rp-opt", () => choose(run, id, k));
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
      if (run.data.coaching == "immediate") box.appendChild(fill(el("div", "rp-reply"), items[chosen].querySelector(".rp-reply")));
      if (open) box.appendChild(button("Continue", "md-button md-button--primary", () => proceed(run)));
    }
    return run.live.appendChild(box);
  }

  function ending(run, id) {
    var steps = run.data.steps, end = steps[id].ending, box = el("div", "rp-end rp-" + end), path = run.state.path;
    var n = path.length, best = path.filter(p => steps[p[0]].replies[p[1]].quality == "best").length;
    var src = say(run, box, id), list = el("ol");
    /* Your choices: each decision's reply, its quality and feedback, and the best one
       where it was not chosen, all from the study version. */
    box.append(el("h3", 0, "Your choices"), list);
    path.forEach(p => {
      var items = run.study.querySelectorAll("#step-" + p[0] + " .rp-choice"), li = el("li");
      var b = steps[p[0]].replies.findIndex(r => r.quality == "best");
      [p[1], b].forEach((k, i) => {
        if (k < 0 || i && k == p[1]) return;
        li.append(fill(el("p", 0, i ? "The best reply: " : "You said: "), items[k].querySelector("summary")),
          fill(el("div", "rp-reply"), items[k].querySelector(".rp-reply")));
      });
      list.appendChild(li);
    });
    box.append(fill(el("p", "rp-outcome rp-" + end), src.querySelector(".rp-outcome")),
      fill(el("div", "rp-debrief"), src.querySelector(".rp-debrief")),
      el("p", 0, "You chose the best reply in " + best + " of " + n + (n == 1 ? " decision." : " decisions.")),
      el("p", "rp-verdict"),
      el("p", 0, "Try again starts a new attempt: replies in a new order, other questions where there are some. A pass is kept."),
      button("Try again", "md-button", () => restart(run)));
    return run.live.appendChild(box);
  }

  /* Under coaching "debrief" the patron's reaction (the next step) follows at once: it
     is focused and read out; under "immediate" the reply's quality and feedback are. */
  function choose(run, id, k) {
    var now = run.data.coaching == "immediate", box;
    if (id !== run.state.at || run.state.wait) return;
    box = save(run, m => {
      var r = run.data.steps[id].replies[k], e = { type: "reply", reply: r.id || null, index: k, quality: r.quality, step: id };
      if (m.at !== id || m.wait) return;
      m.path.push([id, k, run.data.steps[id].sig]);
      m.wait = true;
      return now ? e : [e, next(run, m)];
    });
    if (!now) arrive(box);
    else if (box.querySelector(".rp-picked")) box.querySelector(".rp-picked").focus();
    run.announce.textContent = words(box.querySelectorAll(now ? ".rp-reply p" : ":scope > [tabindex]"));
  }
  /* Texts read out as sentences apart: a piece without closing punctuation gets a
     full stop. */
  var words = nodes => [...nodes].map(n => n.textContent.replace(/\s+/g, " ").trim().replace(/[^.!?:]$/, "$&.")).join(" ");

  /* Leads m on from the reply just chosen: the event to tell. */
  function next(run, m) {
    var steps = run.data.steps;
    m.at = steps[m.at].replies[m.path[m.path.length - 1][1]].next;
    m.wait = false;
    m.done = better(m.done, steps[m.at].ending);
    return steps[m.at].ending ? { type: "ending", outcome: steps[m.at].ending } : { type: "step" };
  }

  function proceed(run) {
    arrive(save(run, m => m.wait && next(run, m)));
  }

  /* A new attempt: a new seed, nothing chosen or answered. */
  function restart(run) {
    run.notice.textContent = "";
    arrive(save(run, m => (Object.assign(m, fresh(run.data), { n: m.n + 1, p: m.p, h: Math.min(2, rank(m, run.data)) }), { type: "attempt" })));
    run.announce.textContent = "A new attempt has started.";
  }

  /* Answers question i with the listed options chosen, or, without them, shows the
     answer (a wrong first answer when it comes first). */
  function answer(run, i, k, chosen) {
    save(run, m => {
      var q = run.data.questions[i], had = own(m.quiz, i), ok = !!chosen && right(q.variants[k], chosen);
      if (had && !chosen || pick(q, m.seed, i) != q.variants[k]) return; /* another tab's attempt asks another variant */
      m.quiz[i] = [chosen || [], had ? m.quiz[i][1] : ok, q.sig];
      return { type: "answer", question: i, variant: k, chosen: chosen || [], first: !had, correct: ok };
    });
  }

  /* The knowledge check: each question's study version becomes a form. */
  function quiz(run, root) {
    var box = root.querySelector(".rp-quiz");
    if (box) box.prepend(el("p", 0, "Your first answer counts toward passing; you can try again for practice."));
    root.querySelectorAll(".rp-bank-note").forEach(n => { n.hidden = true; });
    root.querySelectorAll(".rp-question").forEach(q => {
      var i = +q.getAttribute("data-q"), k = +q.getAttribute("data-k") || 0, slot = run.data.questions[i];
      if (slot && slot.variants[k]) run.shows.push(question(run, q, i, k));
    });
    run.shows.forEach(f => f());
  }

  /* Variant k of slot i: its form in place of its study version q; returns its
     redraw, which shows it only when the attempt asks it. */
  function question(run, q, i, k) {
    var slot = run.data.questions[i], spec = slot.variants[k], multiple = spec.type == "multiple", seed = null;
    var form = el("form", "rp-form"), set = el("fieldset"), inputs = [], rows = [];
    var result = el("p", "rp-result");
    set.append(fill(el("legend"), q.querySelector(".rp-prompt")), fill(el("p", "rp-hint"), q.querySelector(".rp-hint")));
    q.querySelectorAll(".rp-olist li").forEach((li, j) => {
      var row = el("div", "rp-o"), input = el("input");
      var label = fill(el("label"), li.querySelector(".rp-otext"));
      var fb = fill(el("p", "rp-ofb"), li.querySelector(".rp-ofb"));
      input.type = multiple ? "checkbox" : "radio";
      input.name = "rp-" + run.data.slug + "-q" + i + (k ? "-" + k : "");
      input.id = label.htmlFor = input.name + "-o" + j;
      if (spec.correct[j] === true) fb.prepend(el("strong", 0, "Correct answer."));
      row.append(input, label, fb);
      rows.push(row);
      inputs.push(input);
    });
    result.setAttribute("aria-live", "polite");
    form.append(set, button("Check answer", "md-button", 0, "submit"),
      button("Show the answer", "md-button", () => answer(run, i, k)), result);
    form.addEventListener("submit", event => {
      event.preventDefault();
      var chosen = [];
      inputs.forEach((input, j) => { if (input.checked) chosen.push(j); });
      if (chosen.length) answer(run, i, k, chosen);
      else result.textContent = multiple ? "Choose at least one answer first." : "Choose an answer first.";
    });
    q.replaceChildren(form);

    /* Shows the saved answer, or none, with the options in this attempt's order. */
    return () => {
      var a = run.state.quiz[i], ok = a && a[0].length && right(spec, a[0]);
      if ((q.hidden = pick(slot, run.state.seed, i) != spec)) return;
      if (seed !== run.state.seed) {
        seed = run.state.seed;
        order(seed, rows.length, spec.fixed, "#" + i + (k ? "." + k : "")).forEach(j => set.appendChild(rows[j]));
      }
      result.textContent = !a ? "" : !a[0].length ? "The answer is shown. It counts as a wrong first answer." :
        (ok ? "Correct" : "Not quite") + (ok === a[1] ? "" : ". For passing, your first answer counts: it was " + (a[1] ? "right." : "not right."));
      inputs.forEach((input, j) => {
        var fb = rows[j].lastChild;
        input.checked = !!a && a[0].indexOf(j) >= 0;
        fb.hidden = !a || !fb.textContent.trim();
      });
    };
  }

  function init() {
    document.querySelectorAll(".rp:not([data-rp-ready])").forEach(node => {
      node.setAttribute("data-rp-ready", "");
      scenario(node);
    });
    /* The kit's script, once, where a page needs it: it also fills in the list pages'
       statuses (status, below). It sets rpKit as it runs, so a copy the page loads
       itself is not loaded twice. */
    if (!window.rpKit && document.querySelector(".rp-plan, .rp-cert-page, .rp-progress, .rp-topic-page")) {
      window.rpKit = 1;
      var kit = el("script");
      kit.src = here.replace(/[^/]*$/, "kit.js");
      document.head.appendChild(kit);
    }
  }

  /** @type {RoleplayApi} */
  window.roleplay = {
    key: slug => KEY + slug,
    reset: slugs => {
      slugs.forEach(slug => { forget(OLD + slug); forget(KEY + slug); });
      sync();
    },
    status: (slug, d) => { var s = get(slug, d)[0]; return [rank(s, d), s, s && score(s, d)]; },
    watch: (node, f) => syncs.push([node, f])
  };

  /* Material's instant navigation announces each page it shows. */
  if (window.document$) document$.subscribe(init);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
