-- 0003 — the watch folder: folder tags on sources, and the watcher's journal.

-- Labels a source carries: for the watch folder, every folder between the unit folder and the
-- file (inbox/VanPhong/Hội nghị 2026/Ảnh/x.jpg → "Hội nghị 2026", "Ảnh"), outermost first.
CREATE TABLE source_tags (
    source_id       INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    tag             TEXT    NOT NULL,               -- NFC
    position        INTEGER NOT NULL,               -- 0 = outermost folder
    folded          TEXT    NOT NULL,               -- lower case, no diacritics: what --tag matches
    origin          TEXT    NOT NULL DEFAULT 'folder',
    PRIMARY KEY (source_id, tag)
) WITHOUT ROWID;
CREATE INDEX source_tags_folded ON source_tags(folded);

-- One row per file the watcher took from an inbox, written once its object and catalogue rows
-- are durable, then completed once the original was kept, moved or deleted. A restart finishes
-- rows left 'taken'; a file still in the inbox whose path, size, mtime and inode match a row is
-- never ingested twice. Failures stay here so that `kho status` can tell staff what went wrong.
CREATE TABLE watch_journal (
    id              INTEGER PRIMARY KEY,
    inbox           TEXT    NOT NULL,
    path            TEXT    NOT NULL,               -- where the file was found (byte-exact)
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    inode           INTEGER NOT NULL,
    unit            TEXT,
    result          TEXT    NOT NULL CHECK (result IN ('added','duplicate','quarantined','failed')),
    digest          TEXT,
    reason          TEXT,
    after           TEXT    NOT NULL CHECK (after IN ('keep','move','delete')),
    state           TEXT    NOT NULL CHECK (state IN ('taken','done')),
    destination     TEXT,                           -- done/… or failed/… path planned before the move
    run_id          INTEGER REFERENCES ingest_runs(id),
    taken_at        TEXT    NOT NULL,
    finished_at     TEXT
);
CREATE INDEX watch_journal_path ON watch_journal(path);
CREATE INDEX watch_journal_state ON watch_journal(state) WHERE state = 'taken';
