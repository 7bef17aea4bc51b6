-- Storage objects and the wallet ledger. Times are unix milliseconds. Values, changesets and metadata are
-- JSON objects as text; version is the md5 hex of the value as it was written.
-- collection and key compare bytewise (COLLATE "C"), as on SQLite, so listings page in the same order on both.

CREATE TABLE storage (
  collection  TEXT    COLLATE "C" NOT NULL,
  key         TEXT    COLLATE "C" NOT NULL,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  value       TEXT    NOT NULL DEFAULT '{}',
  version     TEXT    NOT NULL,
  read        INTEGER NOT NULL DEFAULT 1 CHECK (read >= 0),
  write       INTEGER NOT NULL DEFAULT 1 CHECK (write >= 0),
  create_time BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL,
  CONSTRAINT storage_pkey PRIMARY KEY (collection, key, user_id)
);

-- Listing a collection across owners walks (read, key, user_id); listing one owner's objects walks (read, key).
CREATE INDEX storage_collection_read_key_user_id_idx ON storage (collection, read, key, user_id);
CREATE INDEX storage_collection_user_id_read_key_idx ON storage (collection, user_id, read, key);
-- Deleting a user cascades here; without this index every delete would scan the table.
CREATE INDEX storage_user_id_idx ON storage (user_id);

CREATE TABLE wallet_ledger (
  id          TEXT    NOT NULL CONSTRAINT wallet_ledger_pkey PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  changeset   TEXT    NOT NULL,
  metadata    TEXT    NOT NULL DEFAULT '{}',
  create_time BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL
);

-- Ledger listing walks one user's entries newest first, resuming after a (create_time, id) cursor.
CREATE INDEX wallet_ledger_user_id_create_time_id_idx ON wallet_ledger (user_id, create_time, id);
