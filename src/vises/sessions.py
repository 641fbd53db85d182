"""Sessions kept in the database as Django's are, read and written in fewer round trips
and without building a query each time.

Every respondent page reads the session and most write it (the CSRF token and the
progress live in it), so each costs. Django's store builds its ORM query anew for every
read and write (a third of a millisecond of CPU each), wraps each write in a transaction
of its own (BEGIN, the statement, COMMIT) and checks that a new key is free before
inserting it (one more query). Here the statements are plain SQL; outside a transaction a
single INSERT or UPDATE is atomic by itself, and a key already taken fails the INSERT, after
which `create()` draws another: the same guarantees in one statement instead of three or
four. Within a transaction Django's own store is used (a failed statement then needs its
savepoint).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.db import IntegrityError, connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(db.SessionStore):
    def _get_new_session_key(self) -> str:
        # Not looked up first: create() retries on the INSERT's failure (CreateError).
        return get_random_string(32, VALID_KEY_CHARS)

    def _statement(self, using: str, sql: str, params: list):
        """Run `sql` on the sessions' table ({table}) and return the cursor's rowcount and
        first row (None if it returned none)."""
        connection = connections[using]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=table), params)
            row = cursor.fetchone() if cursor.description else None
            return cursor.rowcount, row

    def load(self) -> dict:
        using = router.db_for_read(self.model)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        _count, row = self._statement(
            using,
            "SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
            [self.session_key, now],
        )
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        using = router.db_for_write(self.model)
        connection = connections[using]
        if connection.in_atomic_block:
            return super().save(must_create)
        data = self.encode(self._get_session(no_load=must_create))
        expires = connection.ops.adapt_datetimefield_value(self.get_expiry_date())
        if must_create:
            try:
                self._statement(
                    using,
                    "INSERT INTO {table} (session_key, session_data, expire_date) "
                    "VALUES (%s, %s, %s)",
                    [self.session_key, data, expires],
                )
            except IntegrityError:
                raise CreateError from None
            return None
        updated, _row = self._statement(
            using,
            "UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s",
            [data, expires, self.session_key],
        )
        if updated != 1:  # the session was deleted meanwhile (signed out elsewhere)
            raise UpdateError
        return None
