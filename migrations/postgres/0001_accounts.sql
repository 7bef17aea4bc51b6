-- Accounts, their devices and session revocations. Times are unix milliseconds; 0 means "not set".
-- Ids are uuid text. Unique indexes carry explicit names; PostgreSQL reports violations by these names.

CREATE TABLE users (
  id                       TEXT    NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
  username                 TEXT    NOT NULL,
  display_name             TEXT    NOT NULL DEFAULT '',
  avatar_url               TEXT    NOT NULL DEFAULT '',
  lang_tag                 TEXT    NOT NULL DEFAULT 'en',
  location                 TEXT    NOT NULL DEFAULT '',
  timezone                 TEXT    NOT NULL DEFAULT '',
  metadata                 TEXT    NOT NULL DEFAULT '{}',
  wallet                   TEXT    NOT NULL DEFAULT '{}',
  email                    TEXT,
  password                 TEXT,
  facebook_id              TEXT,
  google_id                TEXT,
  gamecenter_id            TEXT,
  steam_id                 TEXT,
  custom_id                TEXT,
  apple_id                 TEXT,
  facebook_instant_game_id TEXT,
  edge_count               INTEGER NOT NULL DEFAULT 0,
  create_time              BIGINT  NOT NULL DEFAULT 0,
  update_time              BIGINT  NOT NULL DEFAULT 0,
  verify_time              BIGINT  NOT NULL DEFAULT 0,
  disable_time             BIGINT  NOT NULL DEFAULT 0,
  sessions_revoked_at      BIGINT  NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_facebook_id_key ON users (facebook_id) WHERE facebook_id IS NOT NULL;
CREATE UNIQUE INDEX users_google_id_key ON users (google_id) WHERE google_id IS NOT NULL;
CREATE UNIQUE INDEX users_gamecenter_id_key ON users (gamecenter_id) WHERE gamecenter_id IS NOT NULL;
CREATE UNIQUE INDEX users_steam_id_key ON users (steam_id) WHERE steam_id IS NOT NULL;
CREATE UNIQUE INDEX users_custom_id_key ON users (custom_id) WHERE custom_id IS NOT NULL;
CREATE UNIQUE INDEX users_apple_id_key ON users (apple_id) WHERE apple_id IS NOT NULL;
CREATE UNIQUE INDEX users_facebook_instant_game_id_key ON users (facebook_instant_game_id) WHERE facebook_instant_game_id IS NOT NULL;
-- Only sessions-wide revocations are loaded at startup; keep that scan small.
CREATE INDEX users_sessions_revoked_at_idx ON users (sessions_revoked_at) WHERE sessions_revoked_at > 0;

CREATE TABLE user_device (
  id      TEXT NOT NULL CONSTRAINT user_device_pkey PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX user_device_user_id_idx ON user_device (user_id);

CREATE TABLE session_revocation (
  tid        TEXT    NOT NULL CONSTRAINT session_revocation_pkey PRIMARY KEY,
  user_id    TEXT    NOT NULL,
  expires_at BIGINT  NOT NULL
);

CREATE INDEX session_revocation_expires_at_idx ON session_revocation (expires_at);

-- Nakama's system user owns server-side objects; it is never a login.
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000000', '');
