-- 0004 — integrity: when each object was last proven intact, what audits and repairs found,
-- and the mirrors that hold a second copy.

-- Set by `kho audit` each time it re-reads an object and its SHA-256 matches; audits take the
-- least recently verified first. `damage` flags an object found corrupt (its bytes are set
-- aside under quarantine/damaged/) or missing, until `kho repair` mends it.
ALTER TABLE objects ADD COLUMN last_verified_at TEXT;
ALTER TABLE objects ADD COLUMN damage TEXT CHECK (damage IN ('corrupt', 'missing'));
ALTER TABLE objects ADD COLUMN damaged_at TEXT;
CREATE INDEX objects_last_verified ON objects(last_verified_at, id);
CREATE INDEX objects_damage ON objects(damage) WHERE damage IS NOT NULL;

-- One row per audit or repair (of this repository, or of a mirror).
CREATE TABLE audit_runs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('audit', 'repair')),
    target          TEXT    NOT NULL,               -- the repository or mirror path checked
    full            INTEGER NOT NULL DEFAULT 0,
    budget          TEXT,                           -- "30m", "50GB" … as given
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,                           -- NULL while running or after a crash
    objects_checked INTEGER NOT NULL DEFAULT 0,     -- re-read and hashed
    bytes_checked   INTEGER NOT NULL DEFAULT 0,
    objects_left    INTEGER NOT NULL DEFAULT 0,     -- not re-read this time (budget)
    problems        INTEGER NOT NULL DEFAULT 0,
    mended          INTEGER NOT NULL DEFAULT 0,     -- repairs: problems mended
    status          TEXT    CHECK (status IN ('clean', 'problems', 'mended', 'unmended'))
);

-- What a run found (or, for a repair, what it mended or could not).
CREATE TABLE audit_problems (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,               -- corrupt, missing, stray, tmp-leftover, permissions, catalogue, foreign-key, search-index …
    digest          TEXT,
    path            TEXT,
    detail          TEXT    NOT NULL,
    mended          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audit_problems_run ON audit_problems(run_id);

-- Second copies: a folder on another disk or a NAS laid out like a repository (objects/ and a
-- catalogue snapshot), filled by `kho mirror sync`.
CREATE TABLE mirrors (
    id              INTEGER PRIMARY KEY,
    path            TEXT    NOT NULL UNIQUE,
    added_at        TEXT    NOT NULL,
    last_sync_at    TEXT,
    last_sync_objects INTEGER NOT NULL DEFAULT 0,   -- objects copied by the last sync
    last_sync_bytes INTEGER NOT NULL DEFAULT 0,
    objects         INTEGER NOT NULL DEFAULT 0      -- objects the mirror held after it
);
