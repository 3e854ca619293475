"""Load benchmark: bounded traffic from N simulated users against `haven serve` on loopback.

    .venv/bin/python bench/load.py [--cases 10000] [--users 8] [--rounds 25] [--workers 1,2]
        [--pages 'case list,/health/']

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL — use a scratch database: the
benchmark fills it). Generates --cases cases (bench/cases.py), then for each --workers value
starts `haven serve --workers W` on a free loopback port and lets --users threads, each signed in
with its own session, make --rounds rounds of the pages people use: home, the case list, one
case (random), a person search (POST), an interview submitted on a random case (POST: one
screening recorded, its events audited; redirected to the screening's page, which is timed with
it), and /health/ on the same run as the baseline. Each user makes a fixed number of
requests and stops, so the run ends by itself. Each user keeps one connection open (HTTP
keep-alive), as a browser does. --pages keeps only some pages in each round
(one page under load beside /health/). HAVEN_BENCH_DATA_DIR keeps the data directory, and with
it the generated cases, between runs (bench/common.py). Prints, per page, requests, req/s, p50
and p95, and the page's throughput as a share of /health/'s. It asserts nothing.
"""

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup  # noqa: E402

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workers: int, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, HAVEN_SECURE_COOKIES="false", HAVEN_LOG_LEVEL="WARNING")
    command = [sys.executable, "-m", "haven", "serve", "--port", str(port)]
    command += ["--threads", os.environ.get("HAVEN_BENCH_THREADS", "4")]
    log = Path(os.environ["HAVEN_DATA_DIR"]) / f"serve-{workers}.log"  # a 500's traceback
    print(f"server log: {log}")
    server = subprocess.Popen(  # noqa: S603 - our own command, on loopback
        [*command, "--workers", str(workers)], env=env, stderr=log.open("ab")
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("haven serve did not start")


class Browser:
    """One simulated user: one kept-alive connection, as a browser keeps one, its cookies, and
    redirects followed. (urllib opened a new connection for every request, and its handler
    chain cost the load generator, which shares the two cores with the server, about as much
    CPU as a small page costs the server.)"""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> tuple[int, str, bytes]:
        return self.open("GET", path)

    def post(self, path: str, form: dict[str, object], token: str) -> tuple[int, str, bytes]:
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token}, doseq=True)
        return self.open("POST", path, data.encode())

    def open(self, method: str, path: str, body: bytes | None = None) -> tuple[int, str, bytes]:
        """(status, the path finally answered, body), after at most five redirects."""
        for _ in range(5):
            status, location, data = self._exchange(method, path, body)
            if status not in (301, 302, 303) or not location:
                return status, path, data
            moved = urllib.parse.urlsplit(location)
            path = moved.path + (f"?{moved.query}" if moved.query else "")
            method, body = "GET", None
        raise SystemExit(f"too many redirects at {path}")

    def _exchange(self, method: str, path: str, body: bytes | None) -> tuple[int, str, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle kept-alive connection before reading this request.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), data


def _token(browser: Browser, path: str) -> str:
    token = CSRF.search(browser.get(path)[2])
    if token is None:
        raise SystemExit(f"no CSRF token on {path}")
    return token.group(1).decode()


def signed_in_browser(port: int, username: str, password: str) -> Browser:
    """A session signed in through the real pages, second factor included (the bench user's
    authenticator code, as the browser tests enter it)."""
    from haven.accounts.models import User
    from haven.testing.fixtures import totp_code, totp_device

    device = totp_device(User.objects.get(username=username))  # enrolled before signing in
    browser = Browser(port)
    login = "/accounts/login/"
    form = {"username": username, "password": password}
    _, landed, _ = browser.post(login, form, _token(browser, login))
    if "/second-factor/" in landed:
        browser.post(landed, {"code": totp_code(device)}, _token(browser, landed))
    if "/accounts/" in browser.get("/cases/")[1]:
        raise SystemExit("the bench user could not sign in with the second factor")
    return browser


def interview_form() -> dict[str, object]:
    """An interview as a worker submits it: consent given, most indicators not asked."""
    from haven.screening.vocabulary import vocabulary

    form: dict[str, object] = {
        "jurisdiction": "GB",
        "encounter_date": "2026-02-01",
        "setting": "shelter",
        "interpreter": "unknown",
        "gender": "NonSpecifiedUnknown",
        "unaccompanied": "false",
        "consent_to_record": "true",
        "acts_known": "some",
        "acts": ["recruitment"],
        "means_known": "unknown",
        "purposes_known": "some",
        "purposes": ["begging"],
    }
    form.update({f"ind_{code}": "not_asked" for code in vocabulary().indicators})
    return form


# A page to time: its path, and for a POST the form and its CSRF token.
Request = tuple[str, tuple[dict[str, object], str] | None]


class Pages:
    """The pages one simulated user visits in a round: reads, a person search and an interview
    submitted (POST, one screening recorded). The form pages' CSRF tokens are fetched before the
    round starts and not timed: they belong to the page a worker had open already."""

    def __init__(self, browser: Browser, case_ids: list[int]):
        self.browser, self.case_ids = browser, case_ids
        self.search_token = _token(browser, "/cases/search/")
        self.interview = interview_form()

    def round(self, rng: random.Random, chosen: list[str]) -> dict[str, Request]:
        case = rng.choice(self.case_ids)
        interview = f"/screening/case/{case}/interview/"
        makers: dict[str, Callable[[], Request]] = {
            "home": lambda: ("/", None),
            "case list": lambda: ("/cases/", None),
            "a case": lambda: (f"/cases/{case}/", None),
            "search": lambda: (
                "/cases/search/",
                ({"name": rng.choice(NAMES), "purpose": "continuing_support"}, self.search_token),
            ),
            "interview submit": lambda: (
                interview,
                (self.interview, _token(self.browser, interview)),
            ),
            "/health/": lambda: ("/health/", None),
        }
        return {name: makers[name]() for name in chosen}


PAGES = ["home", "case list", "a case", "search", "interview submit", "/health/"]
NAMES = ["Ana Pop", "Mai Tran", "Nadia", "Okafor", "Chen Silva", "Zainab Diallo"]


def user_run(
    pages: Pages,
    *,
    rounds: int,
    chosen: list[str],
    seed: int,
    timings: dict[str, list[float]],
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    for _ in range(rounds):
        for name, (path, posted) in pages.round(rng, chosen).items():
            started = time.perf_counter()
            if posted is None:
                status, landed, _ = pages.browser.get(path)
            else:
                status, landed, _ = pages.browser.post(path, *posted)
            elapsed = time.perf_counter() - started
            if status != 200 or "/accounts/" in landed:
                raise SystemExit(f"{name}: HTTP {status} at {landed}")
            with lock:
                timings[name].append(elapsed)


def run(workers: int, users: int, rounds: int, case_ids: list[int], chosen: list[str]) -> None:
    from haven.testing.fixtures import PASSWORD

    port = free_port()
    server = start_server(workers, port)
    try:
        pages = [Pages(signed_in_browser(port, "bench", PASSWORD), case_ids) for _ in range(users)]
        timings: dict[str, list[float]] = defaultdict(list)
        lock = threading.Lock()
        threads = [
            threading.Thread(
                target=user_run,
                args=(p,),
                kwargs={
                    "rounds": rounds,
                    "chosen": chosen,
                    "seed": i,
                    "timings": timings,
                    "lock": lock,
                },
            )
            for i, p in enumerate(pages)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(workers, users, time.perf_counter() - started, timings)
    finally:
        server.terminate()
        server.wait(timeout=60)


def report(workers: int, users: int, wall: float, timings: dict[str, list[float]]) -> None:
    # Every page gets the same number of requests in the same wall time, so per-page req/s is
    # its share of the mix; the time each page's requests took is what separates them.
    health_busy = sum(timings.get("/health/", []))  # 0 when the run leaves /health/ out
    print(f"\nworkers={workers} users={users} wall={wall:.1f} s")
    print(
        f"{'page':<16} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs /health/':>12}"
    )
    for name, values in timings.items():
        rate = len(values) / sum(values) * users if values else 0.0
        share = health_busy / sum(values) if values else 0.0
        print(
            f"{name:<16} {len(values):>8} {rate:>8.1f} {1000 * percentile(values, 0.5):>8.1f} "
            f"{1000 * percentile(values, 0.95):>8.1f} {share:>11.2f}x"
        )


def _forget_sign_ins() -> None:
    """Every sign-in counts against 127.0.0.1's throttle; in a data directory kept between
    runs (HAVEN_BENCH_DATA_DIR) the bench's own sign-ins would end up refused (HTTP 429)."""
    from haven.accounts.models import LoginThrottle

    LoginThrottle.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help="the pages of each round, comma-separated (default: all); for one page under "
        "load beside the baseline, e.g. --pages 'case list,/health/'",
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.pages.split(",")]
    if unknown := sorted(set(chosen) - set(PAGES)):
        parser.error(f"--pages: unknown page(s) {', '.join(unknown)}; known: {', '.join(PAGES)}")
    setup()
    from cases import generate

    from haven.cases.models import Case

    generate(args.cases)
    case_ids = list(Case.objects.values_list("pk", flat=True)[:5000])
    from haven.screening.models import Screening

    for workers in [int(w) for w in args.workers.split(",")]:
        _forget_sign_ins()
        before = Screening.objects.count()
        run(workers, args.users, args.rounds, case_ids, chosen)
        recorded = Screening.objects.count() - before
        submitted = args.users * args.rounds if "interview submit" in chosen else 0
        print(f"interviews recorded: {recorded} of {submitted} submitted")


if __name__ == "__main__":
    main()
