/* LMS adapter: published in SCORM packages only (generator/scorm), loaded before
   roleplay.js. On a scenario page launched by an LMS it finds the LMS's SCORM API and
   gives the runtime a storage object, window.rpLMS, kept in cmi.suspend_data instead
   of localStorage. It listens to the runtime's events (RoleplayEvent in roleplay.js)
   and reports what the learner does: every reply chosen and every first answer as an
   interaction, and at an ending (and as first answers follow it) completion, success
   and score, as the runtime's status says. Without an LMS it does nothing: the page
   works as on the website.

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
  var data, api, count, last = null, was = "", passed, gone = 0;
  var start = Date.now(), shown = start;

  try {
    data = JSON.parse(document.querySelector(".rp script").textContent)[0];
    if (!data.steps) return;
  } catch (e) { return; }

  /* The standard search: this window and its parents, then the opener and its parents. */
  function find(w) {
    while (w) {
      try { if (w[NAME]) return w[NAME]; } catch (e) { /* a frame of another site */ }
      w = w.parent != w && w.parent; /* the top window is its own parent */
    }
  }
  api = find(window) || find(top.opener); /* a popup, or a frame in one */
  if (!api) return;

  /* One call (f indexes F); an LMS error is logged in the LMS's words, never thrown, so
     the learner goes on. An unset value read in 2004 (403) only means nothing is saved. */
  function lms(f, a, b) {
    var r = "", code;
    try {
      r = b === undefined ? api[F[f]](a || "") : api[F[f]](a, b);
      code = +api[F[5]](); /* a number or a string; anything else is no error */
      if (code && !(f == 1 && code == 403)) console.warn("SCORM " + F[f] + "(" + (a || "") + "): error " + code + ": " + api[F[6]](code));
    } catch (e) { console.warn(F[f], e); }
    return String(r);
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
     as the listed reply indices alone (the step ids follow from walking them), so that
     the longest scenario stays far below SCORM 1.2's 4,096 characters. */
  var encode = s => JSON.stringify([s.v, s.n, s.seed, s.wait, s.done, s.quiz, s.date, s.path.map(p => p[1])]);
  /* suspend_data as a state, or null; the runtime's own validator (clean) checks it. */
  function decode(text) {
    var at, path = [];
    try {
      text = JSON.parse(text);
      at = data.start;
      text[7].forEach((k, i, all) => {
        path.push([at, k]);
        if (i < all.length - 1 || !text[3]) at = data.steps[at].replies[k].next;
      });
    } catch (e) { /* nothing saved, or another version's steps: the runtime starts afresh */ }
    return text.pop && { v: text[0], n: text[1], seed: text[2], path: path, at: at, wait: text[3], done: text[4], quiz: text[5], date: text[6] };
  }

  /* One interaction, at the time now: a reply (id: the step) or a first answer (id:
     knowledge-check-N); its latency runs from the event before. */
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
     of first answers right. Once passed, the LMS keeps it: a later attempt never lowers
     the record. */
  function result(e) {
    var n = data.questions.length, pass = e.status == "passed";
    var score = n ? Math.round(100 * e.right / n) : pass ? 100 : 0;
    if (passed || was == pass + "," + score) return;
    was = pass + "," + score;
    set(CORE + "score.min", "0");
    set(CORE + "score.max", "100");
    set(CORE + "score.raw", "" + score);
    set(STATUS, V12 ? pass ? "passed" : "failed" : "completed");
    if (!V12) {
      set("cmi.score.scaled", "" + score / 100);
      set("cmi.success_status", pass ? "passed" : "failed");
    }
    passed = pass;
  }

  /* Leaving, once however many unload events fire: the time spent, then "suspend"
     unless an ending is reached and every question answered (then a normal exit: the
     LMS's next launch is a new attempt). */
  function leave() {
    if (gone++) return;
    set(CORE + "session_time", span(Date.now() - start));
    if (!(last && last.done && Object.keys(last.quiz).length == data.questions.length)) set(CORE + "exit", "suspend");
    lms(3);
    lms(4);
  }

  if (lms(0) != "true") return;
  var status = get(STATUS);
  passed = (V12 ? status : get("cmi.success_status")) == "passed";
  if (!/^(completed|passed|failed|incomplete)$/.test(status)) set(STATUS, "incomplete");
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

  /* The runtime's events, after it has saved each step (so a commit includes it). */
  var on = (type, f) => addEventListener("roleplay:" + type, e => f(e.detail));
  on("reply", e => record(e.time, e.step, [e.reply], { best: "correct", good: "neutral" }[e.quality] || WRONG));
  on("answer", e => {
    var ids = data.questions[e.question].ids;
    if (!e.first) return; /* practice: only the first answer counts */
    record(e.time, "knowledge-check-" + (e.question + 1), e.chosen.map(j => ids[j]), e.correct ? "correct" : WRONG,
      ids.filter((x, j) => data.questions[e.question].correct[j]));
    if (e.status != "in-progress") result(e); /* after the ending */
    lms(3);
  });
  on("ending", e => {
    result(e);
    lms(3);
  });
  /* Each latency runs from the event before: the scenario last moving on. */
  ["reply", "answer", "step", "ending", "attempt"].forEach(type => on(type, e => { shown = e.time; }));
  addEventListener("pagehide", leave);
  addEventListener("unload", leave);
  /* Other pages open in a new tab: leaving this page would end the LMS session. */
  addEventListener("click", e => {
    var a = e.target.closest("a[href]");
    if (a && a.href.split("#")[0] != location.href.split("#")[0]) { a.target = "_blank"; a.rel = "noopener"; }
  }, true);
})();
