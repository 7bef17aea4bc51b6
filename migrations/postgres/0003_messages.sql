-- Chat messages sent on channels joined with persistence. A channel is its presence stream: mode 2 room
-- (label = name), 3 group (subject = group id), 4 direct (subject/descriptor = the two user ids, lowest first);
-- absent parts are ''. Times are unix milliseconds; content is a JSON object as text.

CREATE TABLE message (
  id                TEXT    NOT NULL CONSTRAINT message_pkey PRIMARY KEY,
  code              INTEGER NOT NULL DEFAULT 0,
  sender_id         TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  username          TEXT    NOT NULL,
  stream_mode       INTEGER NOT NULL,
  stream_subject    TEXT    NOT NULL DEFAULT '',
  stream_descriptor TEXT    NOT NULL DEFAULT '',
  stream_label      TEXT    NOT NULL DEFAULT '',
  content           TEXT    NOT NULL DEFAULT '{}',
  create_time       BIGINT  NOT NULL,
  update_time       BIGINT  NOT NULL
);

-- History walks one channel by (create_time, id) in either direction, resuming after a cursor.
CREATE INDEX message_stream_create_time_id_idx ON message (stream_mode, stream_subject, stream_descriptor, stream_label, create_time, id);
-- A user's deletion cascades to the messages they sent.
CREATE INDEX message_sender_id_idx ON message (sender_id);
