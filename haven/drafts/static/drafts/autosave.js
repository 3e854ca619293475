/* Haven drafts: a long form saves itself as the person types, into an encrypted draft on the
   server, and offers it back when the form is opened again — after an idle timeout, a lost
   connection or a closed tab (docs/drafts.md). Turned on by {% draft_attrs %} on a <form>.
   Shipped, not inline: the Content-Security-Policy allows only this server's scripts. */
(function () {
  "use strict";

  var MARK = "haven-draft-submitted:";
  var DELAY_MS = 1200;
  var RETRY_MS = 15000;
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft]"));
  var session = document.getElementById("haven-session");
  var text = {};
  try {
    text = JSON.parse((session && session.getAttribute("data-messages")) || "{}");
  } catch (ignored) {
    text = {};
  }

  function say(key, fallback, time) {
    return (text[key] || fallback).replace("{time}", time || "");
  }

  function clock(iso) {
    var when = iso ? new Date(iso) : new Date();
    return when.toLocaleTimeString(document.documentElement.lang || [], {
      hour: "2-digit",
      minute: "2-digit"
    });
  }

  function keyOf(form) {
    return form.getAttribute("data-draft") + "|" + (form.getAttribute("data-draft-case") || "");
  }

  /* A submit leaves a mark in this tab. The next page tells how it went: the same form shown
     again with errors keeps the draft; the login page (a timeout) keeps it, for after signing
     in; any other page reached straight from the submit means it went through, so the draft
     has become the record and is discarded. Going back or reloading never discards. */
  function straightFromSubmit() {
    var entry = window.performance && window.performance.getEntriesByType &&
      window.performance.getEntriesByType("navigation")[0];
    return !entry || entry.type === "navigate";
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    var cookie = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return field ? field.value : (cookie ? decodeURIComponent(cookie[1]) : "");
  }

  function discardMarked(mark) {
    var data = new window.FormData();
    data.append("form", mark.form);
    data.append("case", mark.caseId);
    return window.fetch(mark.discard, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: data
    });
  }

  function settleOtherMarks() {
    var present = forms.map(keyOf);
    Object.keys(window.sessionStorage).forEach(function (name) {
      if (name.indexOf(MARK) !== 0 || present.indexOf(name.slice(MARK.length)) >= 0) {
        return;
      }
      var mark = null;
      try {
        mark = JSON.parse(window.sessionStorage.getItem(name));
      } catch (ignored) {
        mark = null;
      }
      window.sessionStorage.removeItem(name);
      if (mark && mark.discard && session && straightFromSubmit()) {
        discardMarked(mark);
      }
    });
  }

  function skipped(el) {
    var type = (el.type || "").toLowerCase();
    return !el.name || el.disabled || el.name === "csrfmiddlewaretoken" ||
      ["password", "file", "hidden", "submit", "button", "reset", "image"].indexOf(type) >= 0;
  }

  function each(form, fn) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!skipped(el)) {
        fn(el);
      }
    });
  }

  function collect(form) {
    var data = {};
    each(form, function (el) {
      var list = data[el.name] || (data[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) {
          list.push(el.value);
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          if (o.selected) {
            list.push(o.value);
          }
        });
      } else {
        list.push(el.value);
      }
    });
    return data;
  }

  function changedFromDefault(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked !== el.defaultChecked;
    }
    return el.tagName !== "SELECT" && el.value !== el.defaultValue;
  }

  function restore(form, payload) {
    var seen = {};
    each(form, function (el) {
      var values = payload[el.name];
      if (!values) {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = values.indexOf(o.value) >= 0;
        });
      } else {
        seen[el.name] = (seen[el.name] || 0) + 1;
        el.value = values[seen[el.name] - 1] || "";
      }
      var details = el.closest("details");
      if (details && changedFromDefault(el)) {
        details.open = true; // nothing restored stays hidden in a closed section
      }
    });
    form.dispatchEvent(new CustomEvent("drafts:restored", { bubbles: true }));
  }

  function token(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function signInLink() {
    var login = (session && session.getAttribute("data-login")) || "/accounts/login/";
    var next = window.location.pathname + window.location.search;
    return login + "?next=" + encodeURIComponent(next);
  }

  function Autosave(form) {
    this.form = form;
    this.key = form.getAttribute("data-draft");
    this.caseId = form.getAttribute("data-draft-case") || "";
    this.last = null;
    this.savedAt = null;
    this.timer = null;
    this.status = document.createElement("p");
    this.status.className = "draft-status";
    this.status.setAttribute("role", "status");
    form.insertBefore(this.status, form.firstChild);
  }

  Autosave.prototype.show = function (message, kind) {
    this.status.textContent = message;
    this.status.setAttribute("data-state", kind);
  };

  Autosave.prototype.signedOut = function () {
    var self = this;
    self.show(say("signed_out", "You are signed out. Your draft, saved at {time}, is kept.",
      self.savedAt ? clock(self.savedAt) : "—") + " ", "signed-out");
    var link = document.createElement("a");
    link.href = signInLink();
    link.textContent = say("sign_in_again", "Sign in again to continue");
    self.status.appendChild(link);
  };

  Autosave.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(self.timer);
    self.timer = window.setTimeout(function () {
      self.send();
    }, DELAY_MS);
  };

  Autosave.prototype.send = function () {
    var self = this;
    var payload = collect(self.form);
    var body = JSON.stringify({ form: self.key, "case": self.caseId, payload: payload });
    if (body === self.last) {
      return;
    }
    window.fetch(self.form.getAttribute("data-draft-save"), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token(self.form)
      },
      body: body
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) {
        self.signedOut();
        return null;
      }
      if (!response.ok) {
        self.show(say("not_saved", "The draft could not be saved."), "error");
        return null;
      }
      return response.json();
    }).then(function (data) {
      if (data) {
        self.last = body;
        self.savedAt = data.saved_at;
        self.show(say("saved", "Draft saved at {time}.", clock(data.saved_at)), "saved");
        document.dispatchEvent(new CustomEvent("haven:session-renewed"));
      }
    }).catch(function () {
      self.show(say("offline", "Not saved: no connection. Haven will try again."), "offline");
      window.setTimeout(function () {
        self.send();
      }, RETRY_MS);
    });
  };

  Autosave.prototype.discard = function () {
    var self = this;
    var data = new window.FormData();
    data.append("form", self.key);
    data.append("case", self.caseId);
    return window.fetch(self.form.getAttribute("data-draft-discard"), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": token(self.form) },
      body: data
    });
  };

  Autosave.prototype.offer = function (draft) {
    var self = this;
    var notice = document.createElement("div");
    notice.className = "draft-notice";
    notice.setAttribute("role", "status");
    var line = document.createElement("p");
    line.textContent = say("restored", "Draft restored, saved at {time}.", clock(draft.saved_at));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = say("discard", "Discard the draft and start again");
    button.addEventListener("click", function () {
      self.discard().then(function () {
        window.location.assign(window.location.pathname + window.location.search);
      });
    });
    notice.appendChild(line);
    notice.appendChild(button);
    self.form.insertBefore(notice, self.status.nextSibling);
    restore(self.form, draft.payload);
    self.last = JSON.stringify({ form: self.key, "case": self.caseId, payload: collect(self.form) });
    self.savedAt = draft.saved_at;
  };

  Autosave.prototype.load = function () {
    var self = this;
    var url = self.form.getAttribute("data-draft-load") + "?form=" +
      encodeURIComponent(self.key) + "&case=" + encodeURIComponent(self.caseId);
    return window.fetch(url, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : { draft: null };
    }).then(function (data) {
      if (data.draft) {
        self.offer(data.draft);
      }
    }).catch(function () {
      self.show(say("offline", "Not saved: no connection. Haven will try again."), "offline");
    });
  };

  Autosave.prototype.start = function () {
    var self = this;
    var mark = MARK + keyOf(self.form);
    var submitted = window.sessionStorage.getItem(mark) !== null;
    var hasErrors = self.form.querySelector("[data-error-summary], .has-error") !== null;
    window.sessionStorage.removeItem(mark);
    var ready;
    if (submitted && !hasErrors && straightFromSubmit()) {
      ready = self.discard(); // the submit went through: its draft has become the record
    } else if (hasErrors) {
      ready = Promise.resolve(); // the page shows what was just sent: newer than any draft
      self.schedule();
    } else {
      ready = self.load();
    }
    /* Typing that starts before the draft has loaded is saved once it has: the listeners
       below wait for the load (a restored draft must not be sent back half-typed over). */
    var typedEarly = false;
    function early() {
      typedEarly = true;
    }
    self.form.addEventListener("input", early);
    self.form.addEventListener("change", early);
    ready.then(function () {
      self.form.removeEventListener("input", early);
      self.form.removeEventListener("change", early);
      self.form.addEventListener("input", function () {
        self.schedule();
      });
      self.form.addEventListener("change", function () {
        self.schedule();
      });
      if (typedEarly) {
        self.schedule();
      }
    });
    self.form.addEventListener("submit", function () {
      window.clearTimeout(self.timer);
      window.sessionStorage.setItem(mark, JSON.stringify({
        form: self.key,
        caseId: self.caseId,
        discard: self.form.getAttribute("data-draft-discard")
      }));
    });
    window.addEventListener("online", function () {
      self.send();
    });
  };

  settleOtherMarks();
  forms.forEach(function (form) {
    new Autosave(form).start();
  });
}());
