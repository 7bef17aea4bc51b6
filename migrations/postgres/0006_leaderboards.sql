-- Leaderboards and tournaments (a tournament is a leaderboard with duration > 0) and their records.
-- Times are unix milliseconds (0 = not set); flags are 0/1; sort_order 0 = ascending, 1 = descending;
-- operator 0 best, 1 set, 2 increment, 3 decrement (Nakama's internal numbering).

CREATE TABLE leaderboard (
  id             TEXT    NOT NULL CONSTRAINT leaderboard_pkey PRIMARY KEY,
  authoritative  INTEGER NOT NULL DEFAULT 0,
  sort_order     INTEGER NOT NULL DEFAULT 1,
  operator       INTEGER NOT NULL DEFAULT 0,
  reset_schedule TEXT    NOT NULL DEFAULT '',
  metadata       TEXT    NOT NULL DEFAULT '{}',
  create_time    BIGINT  NOT NULL,
  enable_ranks   INTEGER NOT NULL DEFAULT 1,
  category       INTEGER NOT NULL DEFAULT 0,
  title          TEXT    NOT NULL DEFAULT '',
  description    TEXT    NOT NULL DEFAULT '',
  duration       INTEGER NOT NULL DEFAULT 0,
  start_time     BIGINT  NOT NULL DEFAULT 0,
  end_time       BIGINT  NOT NULL DEFAULT 0,
  max_size       INTEGER NOT NULL DEFAULT 0,
  max_num_score  INTEGER NOT NULL DEFAULT 0,
  join_required  INTEGER NOT NULL DEFAULT 0,
  size           INTEGER NOT NULL DEFAULT 0
);

-- One record per owner per period (expiry_time; 0 for boards that never reset). owner_id is usually a user
-- but may be any id the server writes for, so it has no foreign key. owner_id sorts bytewise (COLLATE "C") so
-- ties order the same here, on SQLite and in the rank cache.
CREATE TABLE leaderboard_record (
  leaderboard_id TEXT    NOT NULL REFERENCES leaderboard (id) ON DELETE CASCADE,
  owner_id       TEXT    COLLATE "C" NOT NULL,
  username       TEXT,
  score          BIGINT  NOT NULL DEFAULT 0,
  subscore       BIGINT  NOT NULL DEFAULT 0,
  num_score      INTEGER NOT NULL DEFAULT 1,
  max_num_score  INTEGER NOT NULL DEFAULT 0,
  metadata       TEXT    NOT NULL DEFAULT '{}',
  create_time    BIGINT  NOT NULL,
  update_time    BIGINT  NOT NULL,
  expiry_time    BIGINT  NOT NULL DEFAULT 0,
  CONSTRAINT leaderboard_record_pkey PRIMARY KEY (leaderboard_id, expiry_time, owner_id)
);

-- Pages, haystacks and rank rebuilds walk one period in (score, subscore, owner_id) order.
CREATE INDEX leaderboard_record_rank_idx ON leaderboard_record (leaderboard_id, expiry_time, score, subscore, owner_id);
-- Account deletion and per-owner reads find an owner's records.
CREATE INDEX leaderboard_record_owner_idx ON leaderboard_record (owner_id);
