// The notes' storage: SQLite (the amalgamation, copied from the
// libsqlite3-sys crate by build.sh) in `/data/notes.db`, the guest path of
// the folder `weld serve --dir HOST::/data` grants.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3/sqlite3.h"
#include "storage.h"

#define DB_PATH "/data/notes.db"

static sqlite3 *db;

static void set_error(storage_string_t *err, const char *what) {
  char message[512];
  snprintf(message, sizeof message, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
  storage_string_dup(err, message);
}

// Opens the database once per instance; false with `err` set on failure.
static bool open_db(storage_string_t *err) {
  if (db) return true;
  // "unix-dotfile": WASI has no file locks, but it has mkdir, which is
  // what this VFS locks with (`notes.db.lock`), so instances serving
  // requests at once take turns; a busy database is retried for 20 s.
  if (sqlite3_open_v2(DB_PATH, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix-dotfile") != SQLITE_OK) {
    set_error(err, "cannot open " DB_PATH);
    sqlite3_close(db);
    db = NULL;
    return false;
  }
  sqlite3_busy_timeout(db, 20000);
  const char *schema =
      "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL)";
  if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
    set_error(err, "cannot create the notes table");
    return false;
  }
  return true;
}

static void text_arg(sqlite3_stmt *st, int i, const storage_string_t *s) {
  sqlite3_bind_text(st, i, (const char *)s->ptr, (int)s->len, SQLITE_TRANSIENT);
}

static void column_string(storage_string_t *out, sqlite3_stmt *st, int i) {
  const unsigned char *text = sqlite3_column_text(st, i);
  int len = sqlite3_column_bytes(st, i);
  out->len = (size_t)len;
  out->ptr = malloc(len ? (size_t)len : 1);
  if (len) memcpy(out->ptr, text, (size_t)len);
}

static void read_note(exports_demo_notes_store_note_t *note, sqlite3_stmt *st) {
  note->id = (uint64_t)sqlite3_column_int64(st, 0);
  column_string(&note->title, st, 1);
  column_string(&note->body, st, 2);
}

bool exports_demo_notes_store_add(storage_string_t *title, storage_string_t *body, uint64_t *ret,
                                  storage_string_t *err) {
  bool ok = false;
  sqlite3_stmt *st = NULL;
  if (!open_db(err)) goto done;
  if (sqlite3_prepare_v2(db, "INSERT INTO notes (title, body) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK) {
    set_error(err, "cannot prepare the insert");
    goto done;
  }
  text_arg(st, 1, title);
  text_arg(st, 2, body);
  if (sqlite3_step(st) != SQLITE_DONE) {
    set_error(err, "cannot insert the note");
    goto done;
  }
  *ret = (uint64_t)sqlite3_last_insert_rowid(db);
  ok = true;
done:
  sqlite3_finalize(st);
  storage_string_free(title);
  storage_string_free(body);
  return ok;
}

bool exports_demo_notes_store_get(uint64_t id, exports_demo_notes_store_option_note_t *ret, storage_string_t *err) {
  bool ok = false;
  sqlite3_stmt *st = NULL;
  if (!open_db(err)) goto done;
  if (sqlite3_prepare_v2(db, "SELECT id, title, body FROM notes WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
    set_error(err, "cannot prepare the query");
    goto done;
  }
  sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    ret->is_some = true;
    read_note(&ret->val, st);
  } else if (rc == SQLITE_DONE) {
    ret->is_some = false;
  } else {
    set_error(err, "cannot read the note");
    goto done;
  }
  ok = true;
done:
  sqlite3_finalize(st);
  return ok;
}

bool exports_demo_notes_store_search(storage_string_t *term, exports_demo_notes_store_list_note_t *ret, storage_string_t *err) {
  bool ok = false;
  sqlite3_stmt *st = NULL;
  ret->ptr = NULL;
  ret->len = 0;
  if (!open_db(err)) goto done;
  const char *sql =
      "SELECT id, title, body FROM notes WHERE instr(lower(title), lower(?1)) > 0 OR instr(lower(body), lower(?1)) > 0 "
      "ORDER BY id";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    set_error(err, "cannot prepare the search");
    goto done;
  }
  text_arg(st, 1, term);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (ret->len == cap) {
      cap = cap ? cap * 2 : 8;
      ret->ptr = realloc(ret->ptr, cap * sizeof *ret->ptr);
    }
    read_note(&ret->ptr[ret->len++], st);
  }
  if (rc != SQLITE_DONE) {
    set_error(err, "cannot search the notes");
    goto done;
  }
  ok = true;
done:
  sqlite3_finalize(st);
  storage_string_free(term);
  return ok;
}
