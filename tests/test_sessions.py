"""Sessions (vises/sessions.py) keep Django's guarantees while each write is one
statement: what is written is read back, an expired or removed session is never brought
back, and a key already taken is never shared."""

import datetime

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises import sessions
from vises.sessions import SessionStore

pytestmark = pytest.mark.django_db(transaction=True)  # writes outside a transaction, as served


def test_a_session_is_written_in_one_statement_and_read_back():
    session = SessionStore()
    session["progress"] = {"page": 2}
    with CaptureQueriesContext(connection) as created:
        session.save()
    session["progress"] = {"page": 3}
    with CaptureQueriesContext(connection) as updated:
        session.save()
    assert [query["sql"].split()[0] for query in [*created, *updated]] == ["INSERT", "UPDATE"]
    assert SessionStore(session.session_key).load() == {"progress": {"page": 3}}


def test_an_expired_session_reads_empty_and_loses_its_key():
    session = SessionStore()
    session["progress"] = 1
    session.save()
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(session.session_key)
    assert expired.load() == {}
    assert expired.session_key is None


def test_a_session_removed_meanwhile_is_not_written_back():
    session = SessionStore()
    session["progress"] = 1
    session.save()
    Session.objects.all().delete()  # signed out in another tab
    session["progress"] = 2
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()


def test_a_key_already_taken_is_drawn_again(monkeypatch):
    first = SessionStore()
    first["who"] = "first"
    first.save()
    drawn = iter([first.session_key, "k" * 32])
    monkeypatch.setattr(sessions, "get_random_string", lambda *args: next(drawn))
    second = SessionStore()
    second["who"] = "second"
    second.save()
    assert second.session_key == "k" * 32
    assert SessionStore(first.session_key).load() == {"who": "first"}
