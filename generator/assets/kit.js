/* The facilitator kit's small helpers: the session planner and the certificate. Without
   JavaScript the plan page is a plain list with each scenario's live timing, and the
   certificate page says what it needs. */
(function () {
  "use strict";

  function plan(page) {
    var builder = page.querySelector(".rp-plan-builder");
    var order = page.querySelector(".rp-plan-order");
    var total = page.querySelector(".rp-plan-total");
    var length = page.querySelector(".rp-plan-length");
    var rows = page.querySelectorAll(".rp-plan-list li");
    var boxes = [];
    rows.forEach(function (li, i) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = "rp-plan-" + i;
      var title = li.querySelector("a").textContent;
      box.setAttribute("aria-label", "Add " + title + " to the running order");
      li.insertBefore(box, li.firstChild);
      box.addEventListener("change", update);
      boxes.push([box, li, title]);
    });
    length.addEventListener("change", update);
    function update() {
      var minutes = 0, picked = 0, budget = Number(length.value);
      order.textContent = "";
      boxes.forEach(function (b) {
        if (!b[0].checked) return;
        var m = Number(b[1].getAttribute("data-minutes")) || 0;
        var item = document.createElement("li");
        item.textContent = b[2] + " (" + (minutes) + " to " + (minutes + m) + " minutes)";
        order.appendChild(item);
        minutes += m;
        picked += 1;
      });
      page.classList.toggle("rp-plan-has-order", picked > 0);
      if (!picked) {
        total.textContent = "Tick scenarios below to add them.";
      } else {
        total.textContent = "Total: " + minutes + " of " + budget + " minutes" +
          (minutes > budget ? ". That is " + (minutes - budget) + " minutes too long: untick one." :
            ", leaving " + (budget - minutes) + " minutes for a welcome and a wrap-up.");
      }
      total.classList.toggle("rp-plan-over", minutes > budget);
    }
    builder.hidden = false;
  }

  function today() {
    var d = new Date(), two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The certificate lists the scenarios whose status the role-play runtime (loaded
     before this script) wrote as "Passed" into the hidden list, with the date it put in
     data-date; the learner types their name and prints. */
  function certificate(page) {
    var find = function (cls) { return page.querySelector(".rp-cert-" + cls); };
    var input = find("input"), name = find("name"), list = find("list");
    find("nojs").hidden = true;
    find("form").hidden = page.querySelector(".rp-cert").hidden = false;
    find("date").textContent = today();
    page.querySelectorAll(".rp-cert-all .rp-status").forEach(function (span) {
      if (span.textContent !== "Passed") return;
      var item = document.createElement("li"), date = span.getAttribute("data-date");
      item.textContent = span.parentNode.querySelector("a").textContent.trim() +
        (date ? ", passed on " + date : ", passed (date not recorded)");
      list.appendChild(item);
    });
    find("none").hidden = list.children.length > 0;
    input.addEventListener("input", function () {
      name.textContent = input.value.trim() || "(your name)";
    });
    find("print").addEventListener("click", function () { window.print(); });
  }

  function init() {
    document.querySelectorAll(".rp-plan:not([data-rp-ready])").forEach(function (page) {
      page.setAttribute("data-rp-ready", "");
      plan(page);
    });
    document.querySelectorAll(".rp-cert-page:not([data-rp-ready])").forEach(function (page) {
      page.setAttribute("data-rp-ready", "");
      certificate(page);
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
