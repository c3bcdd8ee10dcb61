/* Role-play runtime: turns a scenario page's study version into an interactive
   conversation and knowledge check, keeps progress in this browser, and fills in the
   progress and topic pages. No dependencies; all text comes from the page itself. */
(function () {
  "use strict";
  var PREFIX = "rp1:";
  var OUTCOMES = ["success", "partial", "failure"];
  var OUTCOME_TEXT = ["Success", "Partly resolved", "Not resolved"];
  var memory = {};

  /* Storage that never throws: localStorage, and memory for what it refuses (only that,
     so what other tabs save is read). */
  var disk = null;
  try {
    disk = window.localStorage;
    disk.setItem(PREFIX + "probe", "1");
    disk.removeItem(PREFIX + "probe");
  } catch (e) {
    disk = null;
  }
  function read(slug) {
    var raw = Object.prototype.hasOwnProperty.call(memory, slug) ? memory[slug] : null;
    try { if (raw === null && disk) raw = disk.getItem(PREFIX + slug); } catch (e) { raw = null; }
    if (typeof raw !== "string") return null;
    try {
      var value = JSON.parse(raw);
      return value && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }
  function write(slug, value) {
    var raw = JSON.stringify(value);
    try {
      disk.setItem(PREFIX + slug, raw);
      delete memory[slug];
    } catch (e) {
      memory[slug] = raw;
    }
  }
  function forget(slug) {
    delete memory[slug];
    try { if (disk) disk.removeItem(PREFIX + slug); } catch (e) { /* nothing to do */ }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function button(text, cls, action) {
    var b = el("button", "md-button " + (cls || ""), text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }
  /* Copies from's children into node; plain turns links into text (for buttons). */
  function fill(node, from, plain) {
    if (from) {
      from = from.cloneNode(true);
      if (plain) from.querySelectorAll("a").forEach(function (a) { a.replaceWith(a.textContent); });
      while (from.firstChild) node.appendChild(from.firstChild);
    }
    return node;
  }
  function isInt(n, max) { return typeof n === "number" && n % 1 === 0 && n >= 0 && n < max; }

  /* A stored state is used only if it fits this version of the scenario exactly. */
  function valid(state, data) {
    if (!state || state.v !== data.v || !Array.isArray(state.path) || typeof state.wait !== "boolean") return false;
    if (state.wait && !state.path.length) return false;
    if (state.done != null && OUTCOMES.indexOf(state.done) < 0) return false;
    var at = data.start;
    for (var i = 0; i < state.path.length; i++) {
      var p = state.path[i], step = data.steps[at];
      if (!Array.isArray(p) || p[0] !== at || !step || !step.c || !isInt(p[1], step.c.length)) return false;
      if (i < state.path.length - 1 || !state.wait) at = step.c[p[1]][0];
    }
    return state.at === at && Object.prototype.hasOwnProperty.call(data.steps, at);
  }
  function fresh(data) { return { v: data.v, path: [], at: data.start, wait: false, done: null, quiz: {} }; }
  function right(spec, chosen) { return spec[1].every(function (c, j) { return c === chosen.indexOf(j) >= 0; }); }

  /* Open tabs follow each other: what one saves, the others redraw. */
  var syncs = [];
  window.addEventListener("storage", function (e) {
    if (!e.key || !e.key.indexOf(PREFIX)) syncs = syncs.filter(function (s) { return s[0].isConnected && (s[1](), 1); });
  });

  function scenario(root) {
    /* Found by position: Material's instant navigation re-creates inline scripts
       without their attributes. */
    var script = root.querySelector("script");
    var data;
    try { data = JSON.parse(script.textContent)[0]; } catch (e) { return; }
    if (!data || typeof data !== "object" || !data.steps) return;
    var study = root.querySelector(".rp-study");
    var live = root.querySelector(".rp-live");
    var notice = root.querySelector(".rp-notice");
    var announce = root.querySelector(".rp-announce");
    var steps = {}, state;
    study.querySelectorAll(".rp-step").forEach(function (s) { steps[s.getAttribute("data-step")] = s; });

    /* The saved state if it fits this version, with only the answers that fit. */
    function load() {
      var s = read(data.slug), quiz = {};
      state = valid(s, data) ? s : fresh(data);
      data.q.forEach(function (spec, i) {
        try {
          var a = state.quiz[i][0];
          if (a.length && a.every(function (j) { return isInt(j, spec[1].length); })) quiz[i] = [a, right(spec, a)];
        } catch (e) { /* not an answer */ }
      });
      state.quiz = quiz;
      return s;
    }
    var stored = load();
    if (stored && stored.v !== data.v && typeof stored.v === "string") {
      notice.textContent = "This scenario has changed since your last visit, so your saved progress on it was cleared.";
      write(data.slug, state);
    } else if (stored && state === stored && state.done) {
      notice.textContent = completed();
    } else if (stored && state === stored && state.path.length) {
      notice.textContent = "Welcome back: you are where you left off.";
    }

    function completed() {
      var end = state.done && study.querySelector(".rp-outcome.rp-" + state.done);
      return end ? "Completed. Outcome: " + end.textContent.replace(/^Outcome:\s*/, "") + "." : "";
    }
    /* Saves this tab's walk; the saved outcome and answers, maybe another tab's, stay
       unless this action replaces them. */
    function save(end, i, answer) {
      var walk = state;
      load();
      walk.done = end || state.done;
      walk.quiz = state.quiz;
      if (answer) walk.quiz[i] = answer;
      write(data.slug, state = walk);
    }

    function turn(id, chosen, open) {
      var src = steps[id], box = el("div", "rp-turn");
      var line = fill(el("p", "rp-line"), src.querySelector(".rp-line"));
      line.tabIndex = -1;
      box.appendChild(line);
      var group = el("div", "rp-opts");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Your reply");
      var items = src.querySelectorAll(".rp-choice");
      items.forEach(function (item, i) {
        var b = fill(el("button", "rp-opt"), item.querySelector("summary"), 1);
        b.type = "button";
        if (chosen !== null) {
          if (i === chosen) b.classList.add("rp-picked");
          else b.disabled = true;
          b.setAttribute("aria-pressed", i === chosen ? "true" : "false");
        }
        b.addEventListener("click", function () { choose(id, i); });
        group.appendChild(b);
      });
      box.appendChild(group);
      if (chosen !== null) {
        box.appendChild(fill(el("div", "rp-reply"), items[chosen].querySelector(".rp-reply")));
        if (open) box.appendChild(button("Continue", "md-button--primary rp-continue", proceed));
      }
      live.appendChild(box);
      return box;
    }

    function ending(id) {
      var src = steps[id], box = el("div", "rp-end rp-" + data.steps[id].end);
      var line = fill(el("p", "rp-line"), src.querySelector(".rp-line"));
      line.tabIndex = -1;
      box.appendChild(line);
      box.appendChild(fill(el("p", "rp-outcome rp-" + data.steps[id].end), src.querySelector(".rp-outcome")));
      box.appendChild(fill(el("div", "rp-debrief"), src.querySelector(".rp-debrief")));
      var best = state.path.filter(function (p) { return data.steps[p[0]].c[p[1]][1] === "best"; }).length;
      var n = state.path.length;
      box.appendChild(el("p", "rp-path", "You chose the best reply in " + best + " of " + n + (n === 1 ? " decision." : " decisions.")));
      box.appendChild(button("Try again", "rp-again", restart));
      live.appendChild(box);
      return box;
    }

    function draw() {
      live.textContent = "";
      var box = null;
      state.path.forEach(function (p, i, all) {
        box = turn(p[0], p[1], state.wait && i === all.length - 1);
      });
      if (!state.wait) box = data.steps[state.at].end ? ending(state.at) : turn(state.at, null, false);
      return box;
    }

    function choose(id, i) {
      if (id !== state.at || state.wait) return;
      state.path.push([id, i]);
      state.wait = true;
      save();
      var box = draw();
      var picked = box.querySelector(".rp-picked");
      if (picked) picked.focus();
      var reply = box.querySelector(".rp-reply");
      announce.textContent = reply ? reply.textContent.replace(/\s+/g, " ").trim() : "";
    }

    function proceed() {
      if (!state.wait) return;
      state.at = data.steps[state.at].c[state.path[state.path.length - 1][1]][0];
      state.wait = false;
      var end = data.steps[state.at].end;
      save(end);
      if (end) notice.textContent = completed();
      draw().querySelector(".rp-line").focus();
    }

    function restart() {
      state.path = [];
      state.at = data.start;
      state.wait = false;
      save();
      announce.textContent = "The scenario has restarted.";
      draw().querySelector(".rp-line").focus();
    }

    study.hidden = true;
    live.hidden = false;
    draw();
    /* Before the questions' own. */
    syncs.push([root, function () {
      load();
      notice.textContent = completed();
      draw();
    }]);

    root.querySelectorAll(".rp-question").forEach(function (q) {
      var i = Number(q.getAttribute("data-q"));
      var spec = data.q[i];
      if (!spec) return;
      var multiple = spec[0] === "multiple";
      var form = el("form", "rp-form");
      var set = el("fieldset");
      set.appendChild(fill(el("legend"), q.querySelector(".rp-prompt")));
      set.appendChild(fill(el("p", "rp-hint"), q.querySelector(".rp-hint")));
      var inputs = [];
      q.querySelectorAll(".rp-olist li").forEach(function (li, j) {
        var row = el("div", "rp-o");
        var input = el("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = "rp-" + data.slug + "-q" + i;
        input.id = input.name + "-o" + j;
        var label = fill(el("label"), li.querySelector(".rp-otext"));
        label.htmlFor = input.id;
        row.appendChild(input);
        row.appendChild(label);
        var fb = fill(el("p", "rp-ofb"), li.querySelector(".rp-ofb"));
        if (spec[1][j] === true) fb.insertBefore(el("strong", null, "Correct answer."), fb.firstChild);
        fb.hidden = true;
        row.appendChild(fb);
        set.appendChild(row);
        inputs.push(input);
      });
      form.appendChild(set);
      var check = el("button", "md-button", "Check answer");
      check.type = "submit";
      form.appendChild(check);
      var result = el("p", "rp-result");
      result.setAttribute("aria-live", "polite");
      form.appendChild(result);

      /* Shows the saved answer, or none. */
      function show() {
        var a = state.quiz[i];
        result.textContent = a ? a[1] ? "Correct" : "Not quite" : "";
        result.className = "rp-result" + (a ? a[1] ? " rp-right" : " rp-wrong" : "");
        inputs.forEach(function (input, j) {
          input.checked = !!a && a[0].indexOf(j) >= 0;
          var fb = input.parentNode.querySelector(".rp-ofb");
          fb.hidden = !a || !fb.textContent.trim();
        });
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var selected = [];
        inputs.forEach(function (input, j) { if (input.checked) selected.push(j); });
        if (!selected.length) {
          result.textContent = multiple ? "Choose at least one answer first." : "Choose an answer first.";
          return;
        }
        save(0, i, [selected, right(spec, selected)]);
        show();
      });
      syncs.push([form, show]);
      show();
      q.textContent = "";
      q.appendChild(form);
    });
  }

  /* Status of one scenario, as shown on the topic and progress pages. */
  function status(slug, version, questions) {
    var state = read(slug);
    if (!state || state.v !== version) return ["new", "Not started"];
    var quiz = state.quiz && typeof state.quiz === "object" ? state.quiz : {};
    var right = Object.keys(quiz).filter(function (k) { return Array.isArray(quiz[k]) && quiz[k][1] === true; }).length;
    var known = OUTCOMES.indexOf(state.done);
    if (known >= 0) {
      var text = "Completed: " + OUTCOME_TEXT[known];
      if (questions > 0) text += ", knowledge check " + Math.min(right, questions) + " of " + questions;
      return ["done", text];
    }
    if ((Array.isArray(state.path) && state.path.length) || Object.keys(quiz).length) return ["started", "In progress"];
    return ["new", "Not started"];
  }

  function statuses(scope) {
    var counts = { new: 0, started: 0, done: 0 };
    var all = scope.querySelectorAll(".rp-status[data-slug]");
    all.forEach(function (span) {
      var s = status(span.getAttribute("data-slug"), span.getAttribute("data-v"), Number(span.getAttribute("data-n")) || 0);
      counts[s[0]] += 1;
      span.textContent = s[1];
      span.className = "rp-status rp-status-" + s[0];
    });
    return { total: all.length, counts: counts, spans: all };
  }

  function progress(page) {
    var counter = page.querySelector(".rp-counts");
    var reset = page.querySelector(".rp-reset");
    var confirm = page.querySelector(".rp-reset-confirm");
    var ask = page.querySelector(".rp-reset-ask");
    function update() {
      var s = statuses(page);
      counter.textContent = s.counts.done + " of " + s.total + " scenarios completed, " +
        s.counts.started + " in progress, " + s.counts.new + " not started.";
      return s;
    }
    reset.hidden = false;
    ask.addEventListener("click", function () {
      confirm.hidden = false;
      page.querySelector(".rp-reset-no").focus();
    });
    page.querySelector(".rp-reset-no").addEventListener("click", function () {
      confirm.hidden = true;
      ask.focus();
    });
    page.querySelector(".rp-reset-yes").addEventListener("click", function () {
      update().spans.forEach(function (span) { forget(span.getAttribute("data-slug")); });
      confirm.hidden = true;
      update();
      counter.textContent = "Your progress was reset. " + counter.textContent;
      ask.focus();
    });
    return update;
  }

  function init() {
    document.querySelectorAll(".rp:not([data-rp-ready]), .rp-progress:not([data-rp-ready]), .rp-topic-page:not([data-rp-ready])").forEach(function (node) {
      node.setAttribute("data-rp-ready", "");
      if (node.classList.contains("rp")) return scenario(node);
      var update = node.classList.contains("rp-progress") ? progress(node) : statuses.bind(null, node);
      update();
      syncs.push([node, update]);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
