"""The notes service's rules: JSON in and out, validation and search, over
the SQLite store (the C component)."""

import json

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports.api import Reply
from wit_world.imports import store

MAX_TITLE = 200
MAX_BODY = 100_000


def reply(status, value):
    return Reply(status, json.dumps(value))


def problem(status, message):
    return reply(status, {"error": message})


def note_json(note):
    return {"id": note.id, "title": note.title, "body": note.body}


class Api(exports.Api):
    def create(self, body: bytes) -> Reply:
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            return problem(400, f"expected a JSON object, found malformed JSON: {e}")
        if not isinstance(value, dict):
            return problem(400, f"expected a JSON object with `title` and `body`, found {type(value).__name__}")
        unknown = sorted(set(value) - {"title", "body"})
        if unknown:
            return problem(400, f"unknown field(s): {', '.join(unknown)}; a note has `title` and `body`")
        title, text = value.get("title"), value.get("body")
        if not isinstance(title, str) or not title.strip():
            return problem(400, "`title` must be a non-empty string")
        if not isinstance(text, str):
            return problem(400, "`body` must be a string")
        if len(title) > MAX_TITLE:
            return problem(400, f"`title` is {len(title)} characters long; at most {MAX_TITLE}")
        if len(text) > MAX_BODY:
            return problem(400, f"`body` is {len(text)} characters long; at most {MAX_BODY}")
        try:
            new_id = store.add(title.strip(), text)
        except Err as e:
            return problem(500, f"storage failed: {e.value}")
        return reply(201, {"id": new_id})

    def get(self, id: str) -> Reply:
        if not id.isdigit() or len(id) > 18:
            return problem(400, f"expected a note id (digits), found `{id}`")
        try:
            note = store.get(int(id))
        except Err as e:
            return problem(500, f"storage failed: {e.value}")
        if note is None:
            return problem(404, f"no note {id}")
        return reply(200, note_json(note))

    def search(self, term: str) -> Reply:
        term = term.strip()
        if not term:
            return problem(400, "`q` must not be empty")
        try:
            found = store.search(term)
        except Err as e:
            return problem(500, f"storage failed: {e.value}")
        # Title matches first, then by id.
        lowered = term.lower()
        found.sort(key=lambda n: (lowered not in n.title.lower(), n.id))
        return reply(200, [note_json(n) for n in found])
