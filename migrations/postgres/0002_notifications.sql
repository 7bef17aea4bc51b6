-- In-app notifications that were sent persistent. Times are unix milliseconds; content is a JSON object
-- as text; sender_id is NULL for notifications the system sent.

CREATE TABLE notification (
  id          TEXT    NOT NULL CONSTRAINT notification_pkey PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  subject     TEXT    NOT NULL,
  content     TEXT    NOT NULL DEFAULT '{}',
  code        INTEGER NOT NULL,
  sender_id   TEXT,
  create_time BIGINT  NOT NULL
);

-- Listing walks one user's notifications oldest first, resuming after a (create_time, id) cursor.
CREATE INDEX notification_user_id_create_time_id_idx ON notification (user_id, create_time, id);
