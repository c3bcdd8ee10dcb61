/* LMS adapter: published in SCORM packages only (generator/scorm), loaded before
   roleplay.js. On a scenario page launched by an LMS it finds the LMS's SCORM API and
   gives the runtime a storage object, window.rpLMS, kept in cmi.suspend_data instead
   of localStorage. It listens to the runtime's events (RoleplayEvent in roleplay.js)
   and reports what the learner does: every reply chosen and every first answer as an
   interaction, and at an ending (and as first answers follow it) completion, success
   and score, as the runtime's status says, never lower than the LMS holds. It commits
   after every event, so a closing tab or player (whose last saves a browser may block)
   loses at most the step in view, and always exits with "suspend", so that the LMS
   resumes the same attempt and a pass stays on record and in view.

   The learner is told, in a notice above the scenario, when nothing reaches an LMS:
   no LMS found (the page then works as on the website), or an LMS call fails (then no
   verdict says "Passed" without saying it is not recorded). Every failure is also
   logged in the LMS's words; none stops the learner.

   SCORM_VERSION is replaced with "scorm12" or "scorm2004" as the package is built
   (generator/assets.py). Everything the LMS is told comes from the page's own data
   (Page in roleplay.js): reply and option ids are its replies' id and questions' ids. */
(() => {
  "use strict";
  var V12 = "SCORM_VERSION" == "scorm12";
  var NAME = V12 ? "API" : "API_1484_11";
  /* The API's functions, in 1.2 with "LMS" before them and Finish for Terminate. */
  var F = "Initialize GetValue SetValue Commit Terminate GetLastError GetErrorString".split(" ")
    .map(f => V12 ? "LMS" + f.replace("Terminate", "Finish") : f);
  var CORE = V12 ? "cmi.core." : "cmi.", STATUS = V12 ? CORE + "lesson_status" : "cmi.completion_status";
  var WRONG = V12 ? "wrong" : "incorrect", LIST = V12 ? "," : "[,]";
  var root, data, api, count, told, last = null, was = "", said = "", passed, best, gone = 0;
  var start = Date.now(), shown = start;

  try {
    root = document.querySelector(".rp");
    data = JSON.parse(root.querySelector("script").textContent)[0];
    if (!data.steps) return;
  } catch (e) { return; }

  /* A notice at the top of the scenario (Material's admonition style), the first one
     only; from then on every "Passed" verdict the runtime draws says where it stands. */
  function tell(text, note) {
    if (told) return;
    told = document.createElement("div");
    told.className = "admonition " + (note ? "note" : "warning");
    told.setAttribute("role", note ? "note" : "alert");
    told.innerHTML = "<p class=admonition-title></p><p></p>";
    told.firstChild.textContent = note ? "Not connected to a course" : "Not recorded";
    told.lastChild.textContent = text;
    root.prepend(told);
    mark();
    new MutationObserver(mark).observe(root, { childList: true, subtree: true });
  }
  function mark() {
    root.querySelectorAll(".rp-verdict, .rp-notice").forEach(p => {
      if (/^Passed (?!in this)/.test(p.textContent)) p.textContent = "Passed in this browser only (not recorded in your course)," + p.textContent.slice(6);
    });
  }
  /* 104 in 2004: the LMS has ended the API's session (Moodle does after the first
     scenario opened in its player); a new launch from the course gets a new one. */
  var fail = code => tell("Your progress on this scenario is not being recorded in your course. " +
    (!V12 && code == 104 ? "To have it recorded, close this activity and open this scenario again from the course page. If this message comes back, tell your trainer."
      : "Please tell your trainer."));

  /* The standard search: this window and its parents, then the opener and its parents. */
  function find(w) {
    while (w) {
      try { if (w[NAME]) return w[NAME]; } catch (e) { /* a frame of another site */ }
      w = w.parent != w && w.parent; /* the top window is its own parent */
    }
  }
  api = find(window) || find(top.opener); /* a popup, or a frame in one */
  if (!api) return tell("Your progress on this scenario stays in this browser, on this device, and is not reported to anyone.", 1);

  /* One call (f indexes F), its value as text ("" for none). A failure, an error code
     or a "false", is logged in the LMS's words and told, never thrown: the learner goes
     on. An unset value read in 2004 (403) only means nothing is saved. */
  function lms(f, a, b) {
    var r, code, call = "SCORM " + F[f] + "(" + (a || "") + "): ";
    try {
      r = b === undefined ? api[F[f]](a || "") : api[F[f]](a, b);
      code = api[F[5]]();
      if (+code ? !(f == 1 && code == 403) : f != 1 && r + "" == "false") {
        console.warn(call + "error " + code + ": " + api[F[6]](String(code)));
        fail(code);
      }
    } catch (e) {
      console.warn(call + e);
      fail();
    }
    return r == null ? "" : String(r);
  }
  var set = (a, b) => lms(2, a, b), get = a => lms(1, a);

  var pad = x => (x < 10 ? "0" : "") + x;
  /* 1.2's CMITime, the local time of day (hh:mm:ss); 2004's timestamp in UTC. */
  function stamp(t) {
    return V12 ? new Date(t - new Date(t).getTimezoneOffset() * 6e4).toISOString().slice(11, 19)
      : new Date(t).toISOString().slice(0, 22) + "Z";
  }
  /* A duration: 1.2's CMITimespan (hh:mm:ss.ss), 2004's ISO 8601 (PT#H#M#S). */
  function span(ms) {
    var cs = Math.round(Math.max(ms, 0) / 10), /* a clock set back gives 0 */ h = Math.min(cs / 36e4 | 0, 9999), m = cs / 6e3 % 60 | 0, s = (cs % 6e3 / 100).toFixed(2);
    return V12 ? pad(h) + ":" + pad(m) + ":" + pad(s) : "PT" + h + "H" + m + "M" + s + "S";
  }

  /* The state as suspend_data: JSON of its values without their names, and the path
     as each decision's listed reply and step sig alone (the step ids follow from
     walking them), so that the longest scenario stays far below SCORM 1.2's 4,096
     characters. Its 7th value was the date passed before pass records (State.p: clean
     reads a text there as that date). */
  var encode = s => JSON.stringify([s.v, s.n, s.seed, s.wait, s.done, s.quiz, s.p, s.path.map(p => p.slice(1)), s.h]);
  /* suspend_data as a state, or null for anything but a list (nothing saved, "null",
     cut short, another program's); the runtime's own validator (clean) checks the
     rest, and starts afresh from what it cannot use. */
  function decode(text) {
    var s, at = data.start, path = [];
    try {
      s = JSON.parse(text);
      s[7].forEach((k, i, all) => {
        path.push([at].concat(k)); /* saved before sigs: the reply alone */
        if (i < all.length - 1 || !s[3]) at = data.steps[at].replies[path[i][1]].next;
      });
    } catch (e) { /* nothing saved, or another version's steps */ }
    return Array.isArray(s) ? { v: s[0], n: s[1], seed: s[2], path: path, at: at, wait: s[3], done: s[4], quiz: s[5],
      p: s[6], h: s[8] } : null;
  }

  /* One interaction, at the time now: a reply (id: the step) or a first answer (id:
     knowledge_check_N); its latency runs from the event before. */
  function record(now, id, response, result, correct) {
    var p = "cmi.interactions." + count + ".";
    if (set(p + "id", id) != "true") return; /* refused (full?): the next one takes its place */
    count++;
    set(p + "type", "choice");
    if (correct) set(p + "correct_responses.0.pattern", correct.join(LIST));
    if (response.length) set(p + (V12 ? "student_response" : "learner_response"), response.join(LIST));
    set(p + "result", result);
    set(p + (V12 ? "time" : "timestamp"), stamp(now));
    set(p + "latency", span(now - shown));
  }

  /* Completion, success and score, at an ending and as first answers follow it. The
     runtime says whether it is passed (e.status: its pass rule); the score is the share
     of first answers right. Nothing goes below what the LMS holds: once passed, the
     status stays, and a score is only ever raised. */
  function result(e) {
    var n = data.questions.length, pass = e.status == "passed";
    if (data.maxAttempts && e.attempt > data.maxAttempts) return; /* practice */
    var score = n ? Math.round(100 * e.right / n) : pass ? 100 : 0;
    if (was == pass + "," + score) return;
    was = pass + "," + score;
    if (!(score <= best)) { /* best is NaN while the LMS holds no score */
      best = score;
      set(CORE + "score.min", "0");
      set(CORE + "score.max", "100");
      set(CORE + "score.raw", "" + score);
      if (!V12) set("cmi.score.scaled", "" + score / 100);
    }
    if (passed) return;
    set(STATUS, V12 ? pass ? "passed" : "failed" : "completed");
    if (!V12) set("cmi.success_status", pass ? "passed" : "failed");
    passed = pass;
  }

  /* The attempts, and the one that passed, in words where the LMS shows a learner's
     comments, when they change. A 1.2 LMS may add each to the last (Moodle does), so
     there each is a line of its own. */
  function note(e) {
    var p = last && last.p, text = "Attempts: " + e.attempt + (data.maxAttempts ? " (the first " + data.maxAttempts + " count)" : "") +
      ". " + (p ? "Passed on attempt " + p[0] + (p[1] ? ", " + p[1] : "") + "." : "Not passed yet.");
    if (text != said) set(V12 ? "cmi.comments" : "cmi.comments_from_learner.0.comment", (said = text) + (V12 ? "\n" : ""));
  }

  /* Leaving, once however many unload events fire: the time spent, then the end of
     the session. */
  function leave() {
    if (gone++) return;
    set(CORE + "session_time", span(Date.now() - start));
    lms(3);
    lms(4);
  }

  if (lms(0) != "true") return fail();
  var status = get(STATUS);
  passed = (V12 ? status : get("cmi.success_status")) == "passed";
  best = parseFloat(get(CORE + "score.raw"));
  if (!/^(completed|passed|failed|incomplete)$/.test(status)) set(STATUS, "incomplete");
  /* Every exit a suspend: the next launch resumes this attempt, ending and all. */
  set(CORE + "exit", "suspend");
  count = +get("cmi.interactions._count") || 0;
  last = decode(get("cmi.suspend_data"));
  /* The runtime asks only for its own key (roleplay.key), and only once it runs. */
  var mine = key => key == window.roleplay.key(data.slug);
  window.rpLMS = {
    getItem: key => mine(key) && last ? JSON.stringify(last) : null,
    setItem: (key, raw) => {
      if (!mine(key)) return;
      last = JSON.parse(raw);
      set("cmi.suspend_data", encode(last));
    }
  }; /* no removeItem: the runtime's calls to it are guarded, and nothing is removed */

  /* The runtime's events, after it has saved each step. */
  var on = (type, f) => addEventListener("roleplay:" + type, e => f(e.detail));
  on("reply", e => record(e.time, e.step, [e.reply], { best: "correct", good: "neutral" }[e.quality] || WRONG));
  on("answer", e => {
    var q = data.questions[e.question].variants[e.variant];
    if (!e.first) return; /* practice: only the first answer counts */
    record(e.time, q.id, e.chosen.map(j => q.ids[j]), e.correct ? "correct" : WRONG,
      q.ids.filter((x, j) => q.correct[j]));
    if (e.status != "in-progress") result(e); /* after the ending */
  });
  on("ending", result);
  /* Then, after each, the place is committed; the next latency runs from it. */
  ["reply", "answer", "step", "ending", "attempt"].forEach(type => on(type, e => {
    shown = e.time;
    note(e);
    lms(3);
  }));
  addEventListener("pagehide", leave);
  addEventListener("unload", leave);
  /* Other pages open in a new tab: leaving this page would end the LMS session. */
  addEventListener("click", e => {
    var a = e.target.closest("a[href]");
    if (a && a.href.split("#")[0] != location.href.split("#")[0]) { a.target = "_blank"; a.rel = "noopener"; }
  }, true);
})();
