"""Checks a browser test runs on any page: it fits a phone, its references resolve, and axe-core
finds no serious or critical violation.

Each check returns a list of human-readable problems (empty: the page passes), so a test can
assert on all of them at once and a failure says what is wrong and where.
"""

from typing import Any

# Impacts axe-core ranks as blocking for someone (its scale: minor, moderate, serious, critical).
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# An element counts as too wide when its right edge passes the viewport, unless an ancestor
# scrolls horizontally on its own (a wide table inside `.table-wrap`): that is the accepted
# way to show a wide table on a phone. Elements wholly off to the left (the skip link until it
# is focused) cannot be scrolled to and are hidden on purpose.
_TOO_WIDE = """
() => {
  const limit = document.documentElement.clientWidth;
  const scrollsItself = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if ((x === 'auto' || x === 'scroll') && up.getBoundingClientRect().right <= limit + 1) {
        return true;
      }
    }
    return false;
  };
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.innerText || el.value || '').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const offenders = new Set();
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0) continue;
    if (box.right > limit + 1 && !scrollsItself(el)) {
      offenders.add(el);
      // Report the outermost offenders only: their children stick out because they do.
      if (!offenders.has(el.parentElement)) {
        found.push(`${describe(el)} reaches ${Math.round(box.right)}px`);
      }
    }
  }
  return found.slice(0, 15);
}
"""

_BROKEN_REFERENCES = """
() => {
  const found = [];
  const exists = (id) => document.getElementById(id) !== null;
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        const tag = el.tagName.toLowerCase();
        if (!exists(id)) found.push(`${attr}="${id}" on <${tag}> points nowhere`);
      }
    }
  }
  for (const label of document.querySelectorAll('label[for]')) {
    const id = label.getAttribute('for');
    const text = label.innerText.trim().slice(0, 40);
    if (!exists(id)) found.push(`<label for="${id}"> "${text}" has no field`);
  }
  return found;
}
"""


def page_overflow(page: Any) -> list[str]:
    """The page scrolls sideways, or an element sticks out of the viewport outside a container
    that scrolls on its own."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    problems = [] if width <= viewport else [f"page is {width}px wide on a {viewport}px screen"]
    return problems + [f"too wide: {entry}" for entry in page.evaluate(_TOO_WIDE)]


def broken_references(page: Any) -> list[str]:
    """aria-describedby, aria-labelledby, aria-controls and label `for` that name no element."""
    return list(page.evaluate(_BROKEN_REFERENCES))


def axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations, one line per rule with the elements hit.

    axe's script comes from the axe-playwright-python wheel (no CDN) and is evaluated in the
    page by Playwright, which the page's Content-Security-Policy does not govern."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} — "
        + "; ".join(", ".join(node["target"]) for node in rule["nodes"][:5])
        for rule in results["violations"]
        if rule.get("impact") in BLOCKING_IMPACTS
    ]


def layout_problems(page: Any, *, accessibility: bool = True) -> list[str]:
    """Every check at once, for a test that wants them all."""
    problems = page_overflow(page) + broken_references(page)
    return problems + (axe_violations(page) if accessibility else [])
