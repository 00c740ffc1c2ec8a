// The tidier (C, weld's async bindings): reads lines from one stream and
// writes the tidied ones to another as each batch arrives, in the
// callback style of the component model's async ABI: the export returns
// WAIT on a waitable set, and the callback carries on when a read or a
// write completes. At most one batch is held at a time.
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tidier.h"

#define TIDY(x) exports_demo_pipeline_tidy_##x
#define BATCH 8

struct state {
  TIDY(stream_string_t) in;
  TIDY(stream_string_writer_t) out;
  tidier_waitable_set_t set;
  tidier_string_t incoming[BATCH]; // as read
  tidier_string_t batch[BATCH];    // tidied
  uint32_t count; // tidied lines in `batch`
  uint32_t sent;  // of which the reader has taken this many
  int input_done;
};

// `line` trimmed with its runs of blanks made one space, into `ret`;
// false for a blank line or a `#` comment.
static int tidy_line(const tidier_string_t *line, tidier_string_t *ret) {
  const char *s = (const char *) line->ptr;
  size_t i = 0, n = line->len;
  while (i < n && isspace((unsigned char) s[i])) {
    i++;
  }
  if (i == n || s[i] == '#') {
    return 0;
  }
  char *text = malloc(n - i);
  size_t len = 0;
  int blank = 0;
  for (; i < n; i++) {
    if (isspace((unsigned char) s[i])) {
      blank = 1;
      continue;
    }
    if (blank && len > 0) {
      text[len++] = ' ';
    }
    blank = 0;
    text[len++] = s[i];
  }
  ret->ptr = (uint8_t *) text;
  ret->len = len;
  return 1;
}

static tidier_callback_code_t finish(struct state *st) {
  TIDY(stream_string_drop_readable)(st->in);
  TIDY(stream_string_drop_writable)(st->out);
  tidier_waitable_set_drop(st->set);
  free(st);
  tidier_context_set(NULL);
  return TIDIER_CALLBACK_CODE_EXIT;
}

static tidier_callback_code_t start_read(struct state *st);
static tidier_callback_code_t start_write(struct state *st);

// A read finished with `status`: tidy what came, then pass it on.
static tidier_callback_code_t read_done(struct state *st, tidier_waitable_status_t status) {
  uint32_t n = TIDIER_WAITABLE_COUNT(status);
  st->count = 0;
  st->sent = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (tidy_line(&st->incoming[i], &st->batch[st->count])) {
      st->count++;
    }
    tidier_string_free(&st->incoming[i]);
  }
  if (TIDIER_WAITABLE_STATE(status) == TIDIER_WAITABLE_DROPPED) {
    st->input_done = 1;
  }
  if (st->count > 0) {
    return start_write(st);
  }
  return st->input_done ? finish(st) : start_read(st);
}

// A write finished with `status`: write the rest of the batch, or read on.
static tidier_callback_code_t write_done(struct state *st, tidier_waitable_status_t status) {
  st->sent += TIDIER_WAITABLE_COUNT(status);
  if (TIDIER_WAITABLE_STATE(status) == TIDIER_WAITABLE_DROPPED) {
    // Nobody reads any more: stop early.
    st->input_done = 1;
    st->sent = st->count;
  }
  if (st->sent < st->count) {
    return start_write(st);
  }
  // The reader took copies of what it read; what it did not is freed too.
  for (uint32_t i = 0; i < st->count; i++) {
    tidier_string_free(&st->batch[i]);
  }
  st->count = 0;
  return st->input_done ? finish(st) : start_read(st);
}

static tidier_callback_code_t start_read(struct state *st) {
  tidier_waitable_status_t status = TIDY(stream_string_read)(st->in, st->incoming, BATCH);
  if (status == TIDIER_WAITABLE_STATUS_BLOCKED) {
    tidier_waitable_join(st->in, st->set);
    return TIDIER_CALLBACK_CODE_WAIT(st->set);
  }
  return read_done(st, status);
}

static tidier_callback_code_t start_write(struct state *st) {
  tidier_waitable_status_t status =
      TIDY(stream_string_write)(st->out, st->batch + st->sent, st->count - st->sent);
  if (status == TIDIER_WAITABLE_STATUS_BLOCKED) {
    tidier_waitable_join(st->out, st->set);
    return TIDIER_CALLBACK_CODE_WAIT(st->set);
  }
  return write_done(st, status);
}

tidier_callback_code_t TIDY(tidy)(TIDY(stream_string_t) lines) {
  struct state *st = calloc(1, sizeof *st);
  st->in = lines;
  TIDY(stream_string_t) tidied = TIDY(stream_string_new)(&st->out);
  // The caller gets the tidied stream at once; it is written from here on.
  TIDY(tidy_return)(tidied);
  st->set = tidier_waitable_set_new();
  tidier_context_set(st);
  return start_read(st);
}

tidier_callback_code_t TIDY(tidy_callback)(tidier_event_t *event) {
  struct state *st = tidier_context_get();
  // The one read or write in flight has finished: out of the set again.
  tidier_waitable_join(event->waitable, 0);
  switch (event->event) {
  case TIDIER_EVENT_STREAM_READ:
    return read_done(st, event->code);
  case TIDIER_EVENT_STREAM_WRITE:
    return write_done(st, event->code);
  default:
    abort();
  }
}
