-- 0005 — perceptual fingerprints, near-duplicate clusters, and removals that keep the bytes
-- until a garbage collection someone runs on purpose.

-- One per image, video, audio or document object, computed from its stored bytes.
CREATE TABLE fingerprints (
    object_id       INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    method          TEXT    NOT NULL CHECK (method IN ('phash', 'frames', 'chromaprint', 'minhash')),
    status          TEXT    NOT NULL CHECK (status IN ('ok', 'refused', 'failed')),
    note            TEXT,                           -- why refused or failed
    hash            INTEGER,                        -- phash: the 64-bit pHash (as a signed integer)
    sequence        BLOB,                           -- frames, chromaprint, minhash: 8-byte little-endian values
    rate            REAL,                           -- frames or items a second
    duration        REAL,                           -- seconds
    width           INTEGER,                        -- upright pixels (images)
    height          INTEGER,
    computed_at     TEXT    NOT NULL
);
CREATE INDEX fingerprints_method ON fingerprints(method, status);

-- Near-duplicate clusters recorded by `kho dedup --mark`: every member (the keeper too) points at
-- the cluster's suggested keeper. Search shows a cluster once ("+2 similar").
CREATE TABLE similar (
    object_id       INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    keeper_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    method          TEXT    NOT NULL,
    distance        REAL    NOT NULL,               -- to the keeper: pHash bits, or 1 − similarity
    preset          TEXT    NOT NULL,
    marked_at       TEXT    NOT NULL
);
CREATE INDEX similar_keeper ON similar(keeper_id);

-- `kho remove`: who removed what, when and why. The object stays (hidden from search and
-- listings) until `kho gc` deletes its bytes; then `collected_at` is set.
ALTER TABLE objects ADD COLUMN removed_at TEXT;
CREATE TABLE removals (
    id              INTEGER PRIMARY KEY,
    object_id       INTEGER REFERENCES objects(id) ON DELETE SET NULL,
    digest          TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    removed_by      TEXT    NOT NULL,               -- user@host
    removed_at      TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    collected_at    TEXT
);
