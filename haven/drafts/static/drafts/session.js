/* Haven's idle timeout, said aloud: a warning before the session ends, with a way to stay
   signed in, and a clear word when it has ended, with a link to sign in again and come back
   to the same page (docs/drafts.md). Reads #haven-session, rendered by {% session_timeout %}. */
(function () {
  "use strict";

  var el = document.getElementById("haven-session");
  if (!el) {
    return;
  }
  var idle = Number(el.getAttribute("data-idle-seconds"));
  var warn = Number(el.getAttribute("data-warn-seconds"));
  var text = {};
  try {
    text = JSON.parse(el.getAttribute("data-messages") || "{}");
  } catch (ignored) {
    text = {};
  }
  var timers = [];
  var dialog = null;
  var returnFocus = null;

  /* Every word shown comes translated from the page ({% session_timeout %}): none is
     written here, so a page in French or Arabic never shows English. */
  function say(key, time) {
    return (text[key] || "").replace("{time}", time || "");
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString(document.documentElement.lang || [], {
      hour: "2-digit",
      minute: "2-digit"
    });
  }

  function node(tag, attrs, content) {
    var made = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) {
      made.setAttribute(name, attrs[name]);
    });
    if (content) {
      made.textContent = content;
    }
    return made;
  }

  function build() {
    dialog = node("dialog", {
      "class": "session-dialog",
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": "session-dialog-title",
      "aria-describedby": "session-dialog-text"
    });
    dialog.appendChild(node("h2", { id: "session-dialog-title" }));
    dialog.appendChild(node("p", { id: "session-dialog-text" }));
    dialog.appendChild(node("div", { "class": "session-dialog-actions" }));
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape keeps the choice explicit
    });
    document.body.appendChild(dialog);
  }

  function open(title, body, action) {
    if (!dialog) {
      build();
    }
    if (!dialog.open) {
      returnFocus = document.activeElement;
    }
    dialog.querySelector("h2").textContent = title;
    dialog.querySelector("p").textContent = body;
    var actions = dialog.querySelector(".session-dialog-actions");
    actions.textContent = "";
    actions.appendChild(action);
    if (!dialog.open) {
      if (typeof dialog.showModal === "function") {
        dialog.showModal();
      } else {
        dialog.setAttribute("open", "");
      }
    }
    action.focus();
  }

  function close() {
    if (dialog && dialog.open) {
      if (typeof dialog.close === "function") {
        dialog.close();
      } else {
        dialog.removeAttribute("open");
      }
      if (returnFocus && returnFocus.focus) {
        returnFocus.focus();
      }
    }
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    var cookie = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : "";
  }

  function stay() {
    window.fetch(el.getAttribute("data-keepalive"), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() }
    }).then(function (response) {
      if (!response.ok) {
        ended();
        return null;
      }
      return response.json();
    }).then(function (data) {
      if (data) {
        close();
        start(Number(data.expires_in));
      }
    }).catch(function () {
      var retry = node("button", { type: "button" }, say("stay"));
      retry.addEventListener("click", stay);
      open(say("offline_title"),
        say("offline_text"),
        retry);
    });
  }

  function warning(endsAt) {
    var button = node("button", { type: "button" }, say("stay"));
    button.addEventListener("click", stay);
    open(say("warn_title"),
      say("warn_text", clock(endsAt)),
      button);
  }

  function ended() {
    var next = window.location.pathname + window.location.search;
    var link = node("a", {
      "class": "button",
      href: el.getAttribute("data-login") + "?next=" + encodeURIComponent(next)
    }, say("sign_in_again"));
    open(say("ended_title"),
      say("ended_text"),
      link);
  }

  function start(seconds) {
    timers.forEach(window.clearTimeout);
    var endsAt = Date.now() + seconds * 1000;
    timers = [
      window.setTimeout(function () {
        warning(endsAt);
      }, Math.max(0, seconds - warn) * 1000),
      window.setTimeout(ended, seconds * 1000)
    ];
  }

  document.addEventListener("haven:session-renewed", function () {
    if (!dialog || !dialog.open) {
      start(idle);
    }
  });
  start(Number(el.getAttribute("data-seconds-left")));
}());
