import datetime
import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from haven.accounts.roles import OrgType, Role
from haven.api.actions import do_approve_client, do_register_client
from haven.diligence import actions as diligence
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.fixtures import make_organisation, make_user

DAY = datetime.date(2026, 2, 1)
# The screening contract's own documented example (docs/screening.md).
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "screening-record.json"
INTERVIEW = json.loads(EXAMPLE.read_text())


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


def issue_token(admin, user, scopes, name="NRM database", days=30):
    """Register a client as the administrator; the named user approves it and gets the token."""
    client = do_register_client(name=name, acting_user=user, scopes=scopes, days=days, admin=admin)
    return client, do_approve_client(client=client, acting_user=user)


@pytest.fixture
def token_for(org_admin):
    def make(user, *scopes, admin=None):
        return issue_token(admin or org_admin, user, list(scopes))[1]

    return make


@pytest.fixture
def receiver_admin(other_ngo):
    return make_user(other_ngo, Role.ORG_ADMIN, username="receiver-admin")


@pytest.fixture
def receiver(other_ngo):
    return make_user(other_ngo, Role.FRONTLINE_WORKER, username="receiver")


class Inbox:
    """What the loopback server received: (headers, body) for each POST."""

    def __init__(self):
        self.received = []
        self.status = 200


@pytest.fixture
def loopback():
    """An HTTP server on 127.0.0.1 only, on a free port, for webhooks."""
    inbox = Inbox()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            inbox.received.append((dict(self.headers), self.rfile.read(length)))
            self.send_response(inbox.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    inbox.url = f"http://127.0.0.1:{server.server_address[1]}/haven-hook"
    yield inbox
    server.shutdown()
    server.server_close()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post_json(client, url, data, token):
    return client.post(url, json.dumps(data), content_type="application/json", **bearer(token))


# A State's plan (haven.diligence): a recommendation, a measure and an indicator whose first
# report is overdue by about a week.


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def ministry_admin(ministry):
    return make_user(ministry, Role.ORG_ADMIN, username="ministry-admin")


@pytest.fixture
def planner(ministry):
    return make_user(ministry, Role.PLAN_MANAGER, username="planner")


@pytest.fixture
def focal(ministry):
    return make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="focal")


@pytest.fixture
def plan(planner, focal):
    rec = diligence.do_create_recommendation(
        acting_user=planner, state="SI", mechanism="UPR", cycle=4, number="140.82",
        text="Strengthen assistance to victims of trafficking in persons",
        themes=["Prohibition of slavery, trafficking"],
    )  # fmt: skip
    body = diligence.do_add_institution(
        state="SI", name="Ministry", kind="ministry", acting_user=planner
    )
    measure = diligence.do_create_measure(
        [rec], title="Fund shelters", institution=body, target_date=None, acting_user=planner
    )
    start = date.today() - timedelta(days=100)
    indicator = diligence.do_add_indicator(
        measure, name="Shelter places", manager=focal, start=start,
        end=start + timedelta(days=365), frequency_months=3, acting_user=planner,
    )  # fmt: skip
    return rec, measure, indicator
