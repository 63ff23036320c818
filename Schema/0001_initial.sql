-- 0001 — the foundation: objects, where they came from, and the runs that brought them.
-- Times are ISO 8601 UTC text ("2026-11-23T13:30:15.123Z"); digests are 64 lower-case hex.

-- One row per distinct content. The bytes live in the object store at
-- objects/sha256/<2 hex>/<2 hex>/<64 hex>; this row says what they are.
CREATE TABLE objects (
    id              INTEGER PRIMARY KEY,
    digest          TEXT    NOT NULL UNIQUE CHECK (length(digest) = 64),
    size            INTEGER NOT NULL CHECK (size >= 0),
    mime            TEXT    NOT NULL,               -- from the content (libmagic), never the extension
    kind            TEXT    NOT NULL CHECK (kind IN ('image','video','audio','document','archive','other')),
    first_seen_at   TEXT    NOT NULL,
    first_run_id    INTEGER NOT NULL REFERENCES ingest_runs(id),
    title           TEXT                            -- filled by extractors (later migrations)
);
CREATE INDEX objects_first_seen ON objects(first_seen_at);
CREATE INDEX objects_kind ON objects(kind);

-- Every path that ever produced an object. Identical bytes under another name, folder
-- or unit add a source, never a second object. Paths are stored byte-for-byte as given
-- (NFC and NFD spellings of one Vietnamese name are two sources).
CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    path            TEXT    NOT NULL,               -- absolute path at ingest time
    file_name       TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    mtime           TEXT    NOT NULL,
    unit            TEXT,                           -- the office/department that owns it
    claimed_mime    TEXT,                           -- what the extension says, when it says anything
    ext_mismatch    INTEGER NOT NULL DEFAULT 0,     -- 1 when extension and content disagree
    run_id          INTEGER NOT NULL REFERENCES ingest_runs(id),
    ingested_at     TEXT    NOT NULL,
    last_run_id     INTEGER NOT NULL REFERENCES ingest_runs(id),
    last_seen_at    TEXT    NOT NULL,
    UNIQUE (object_id, path)
);
CREATE INDEX sources_path ON sources(path);
CREATE INDEX sources_unit ON sources(unit);

-- Who ran what, when, and what came of it.
CREATE TABLE ingest_runs (
    id              INTEGER PRIMARY KEY,
    command         TEXT    NOT NULL,               -- "ingest", later "watch"
    user            TEXT    NOT NULL,
    host            TEXT    NOT NULL,
    roots           TEXT    NOT NULL,               -- JSON array of the paths given
    unit            TEXT,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,                           -- NULL while running or after a crash
    files_seen      INTEGER NOT NULL DEFAULT 0,
    objects_added   INTEGER NOT NULL DEFAULT 0,
    sources_added   INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,     -- files whose bytes were already stored
    quarantined     INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    bytes_read      INTEGER NOT NULL DEFAULT 0,
    bytes_stored    INTEGER NOT NULL DEFAULT 0
);

-- Files refused because their content is dangerous or lies about its type.
-- Their bytes sit, read-only, under quarantine/<digest>; nothing here is searchable.
CREATE TABLE quarantine (
    id              INTEGER PRIMARY KEY,
    digest          TEXT    NOT NULL CHECK (length(digest) = 64),
    size            INTEGER NOT NULL,
    path            TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    detected_mime   TEXT    NOT NULL,
    claimed_mime    TEXT,
    reason          TEXT    NOT NULL,
    run_id          INTEGER NOT NULL REFERENCES ingest_runs(id),
    at              TEXT    NOT NULL,
    UNIQUE (digest, path)
);

-- Files that could not be taken at all (unreadable, vanished, empty, disk full …).
CREATE TABLE ingest_problems (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES ingest_runs(id),
    path            TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    at              TEXT    NOT NULL
);
CREATE INDEX ingest_problems_run ON ingest_problems(run_id);

-- Extracted facts, one per (object, key): EXIF basics now, more namespaces later.
-- Typed, searchable columns for the important ones come with the extraction migration.
CREATE TABLE facts (
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    key             TEXT    NOT NULL,               -- "exif.make", "exif.date_taken" …
    value           TEXT    NOT NULL,
    PRIMARY KEY (object_id, key)
) WITHOUT ROWID;
