-- 0002 — what extractors find in each object, and the Vietnamese full-text index over it.

-- When the content was made, as recorded (EXIF DateTimeOriginal with its offset when present,
-- a container's creation_time …), normalised to "YYYY-MM-DDTHH:MM:SS[±HH:MM]" for date filters.
ALTER TABLE objects ADD COLUMN taken_at TEXT;
-- How extraction went: 'ok', 'partial' (something was read, a warning says what not), 'failed',
-- 'needs-ocr' (a document without a text layer), 'none' (nothing to extract from this kind).
ALTER TABLE objects ADD COLUMN extract_status TEXT;
-- The plain-words reason behind a status other than 'ok'.
ALTER TABLE objects ADD COLUMN extract_note TEXT;
CREATE INDEX objects_taken_at ON objects(taken_at);

-- The text of documents (and, later, OCR of scans), capped in size.
CREATE TABLE texts (
    object_id   INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    origin      TEXT    NOT NULL CHECK (origin IN ('text', 'ocr')),
    body        TEXT    NOT NULL,
    truncated   INTEGER NOT NULL DEFAULT 0,     -- 1 when the text was cut at the size cap
    pages       INTEGER                         -- PDFs and slide decks
);

-- One row per object (rowid = objects.id), rebuilt by kho whenever the object or its sources
-- change. Tokenizer kho_vi (VietnameseTokenizer.swift) is registered by kho on every connection,
-- so this table cannot be queried from the plain sqlite3 shell.
CREATE VIRTUAL TABLE search USING fts5(
    title,      -- the document's own title, when it has one
    names,      -- every file name the object was ingested under
    body,       -- extracted text
    meta,       -- descriptive metadata: camera, descriptions, tags, media titles
    path,       -- every source path
    tokenize = 'kho_vi'
);
-- Ranking: bm25 with a title worth 10 body words, a file name 8, metadata 3, a path ½.
-- Kept in the table's configuration so that FTS5 can rank inside its own scan (ORDER BY rank).
INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 8.0, 1.0, 3.0, 0.5)');
-- Merge index segments in larger steps than the default 4: cheaper bulk ingest; `optimize`
-- (after large runs) folds everything into one segment for queries.
INSERT INTO search (search, rank) VALUES ('automerge', 8);
