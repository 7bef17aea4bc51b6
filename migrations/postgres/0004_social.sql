-- Friends and groups. Times are unix milliseconds; 0 means "not set". Positions order edges within one
-- owner and state (listing cursors resume after a (state, position, id) triple).

-- One row per direction: 0 friend, 1 invite sent, 2 invite received, 3 blocked.
CREATE TABLE user_edge (
  source_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  destination_id TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state          INTEGER NOT NULL,
  position       BIGINT  NOT NULL,
  update_time    BIGINT  NOT NULL,
  metadata       TEXT    NOT NULL DEFAULT '{}',
  CONSTRAINT user_edge_pkey PRIMARY KEY (source_id, destination_id)
);

-- Listing walks one user's edges by state, then position.
CREATE INDEX user_edge_source_state_position_idx ON user_edge (source_id, state, position, destination_id);
-- Removing a user's edges from the other side (account deletion, blocks) finds them by destination.
CREATE INDEX user_edge_destination_id_idx ON user_edge (destination_id);

-- state: 0 open, 1 closed. edge_count counts members (states 0-2), never above max_count.
CREATE TABLE groups (
  id           TEXT    NOT NULL CONSTRAINT groups_pkey PRIMARY KEY,
  creator_id   TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  description  TEXT    NOT NULL DEFAULT '',
  avatar_url   TEXT    NOT NULL DEFAULT '',
  lang_tag     TEXT    NOT NULL DEFAULT 'en',
  metadata     TEXT    NOT NULL DEFAULT '{}',
  state        INTEGER NOT NULL DEFAULT 0,
  edge_count   INTEGER NOT NULL DEFAULT 0,
  max_count    INTEGER NOT NULL DEFAULT 100,
  create_time  BIGINT  NOT NULL,
  update_time  BIGINT  NOT NULL,
  disable_time BIGINT  NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX groups_name_key ON groups (name);
CREATE INDEX groups_create_time_id_idx ON groups (create_time, id);
CREATE INDEX groups_lang_tag_idx ON groups (lang_tag, create_time, id);

-- A user's place in a group: 0 superadmin, 1 admin, 2 member, 3 join request, 4 banned.
CREATE TABLE group_edge (
  group_id    TEXT    NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state       INTEGER NOT NULL,
  position    BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL,
  CONSTRAINT group_edge_pkey PRIMARY KEY (group_id, user_id)
);

CREATE INDEX group_edge_group_state_position_idx ON group_edge (group_id, state, position, user_id);
CREATE INDEX group_edge_user_state_position_idx ON group_edge (user_id, state, position, group_id);

-- Deleting an account keeps the counts right, as Nakama's account deletion does: everyone with an edge to
-- the user loses one, groups lose a member, and groups whose only superadmin it was go with it. The edges
-- themselves go by ON DELETE CASCADE.
CREATE FUNCTION users_social_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET edge_count = edge_count - 1
    WHERE id IN (SELECT source_id FROM user_edge WHERE destination_id = OLD.id);
  UPDATE groups SET edge_count = edge_count - 1
    WHERE id IN (SELECT group_id FROM group_edge WHERE user_id = OLD.id AND state <= 2);
  DELETE FROM groups
    WHERE id IN (SELECT group_id FROM group_edge WHERE user_id = OLD.id AND state = 0)
    AND NOT EXISTS (SELECT 1 FROM group_edge other WHERE other.group_id = groups.id AND other.user_id <> OLD.id AND other.state = 0);
  RETURN OLD;
END
$$;

CREATE TRIGGER users_social_cleanup BEFORE DELETE ON users FOR EACH ROW EXECUTE PROCEDURE users_social_cleanup();
