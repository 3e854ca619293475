/* A follow-up interview starts from the previous one; this marks, beside each answer, when it
   differs from the previous interview's (in words, not only colour). The previous answers come
   as JSON in <script type="application/json">, which the CSP allows since it never runs. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-previous-answers]");
  var source = form && document.getElementById(form.getAttribute("data-previous-answers"));
  if (!source) {
    return;
  }
  var previous = JSON.parse(source.textContent);
  var wording = form.getAttribute("data-changed-text");

  function current(name) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) {
          values.push(el.value);
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) {
          values.push(o.value);
        });
      } else {
        values.push(el.value);
      }
    });
    return values;
  }

  function same(a, b) {
    return a.slice().sort().join("\u0000") === b.slice().sort().join("\u0000");
  }

  var markers = {};

  function place(box, marker) {
    // Inside a closed <details> it would be hidden: mark beside the <details> instead.
    if (box.tagName === "DETAILS") {
      box.parentNode.insertBefore(marker, box);
    } else {
      box.insertBefore(marker, box.firstChild);
    }
  }

  function mark() {
    Object.keys(previous).forEach(function (name) {
      var box = form.querySelector("[data-answer='" + name + "']");
      if (!box) {
        return;
      }
      var changed = !same(current(name), previous[name]);
      if (changed && !markers[name]) {
        markers[name] = document.createElement("strong");
        markers[name].className = "changed-marker";
        markers[name].textContent = wording;
        place(box, markers[name]);
      } else if (!changed && markers[name]) {
        markers[name].remove();
        delete markers[name];
      }
    });
  }

  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("drafts:restored", mark);
  mark();
}());
