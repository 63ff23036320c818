-- 0009 — text to read by OCR, kept in the catalogue so that a crash or a kill loses none of it.
-- Ingest stores, catalogues and indexes a file at once (name, metadata, text layer); reading
-- scanned pages and pictures with Tesseract takes seconds each, so it is queued here and done
-- right after — by `kho ingest` before it exits, by `kho ocr`, or by the watcher between files.
CREATE TABLE ocr_queue (
    object_id       INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    work            TEXT    NOT NULL,               -- 'pages' (a PDF without a text layer) or 'picture'
    pages           INTEGER NOT NULL DEFAULT 1,     -- pages to read, for progress and `kho status`
    queued_at       TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,     -- tries that failed; given up after three
    last_error      TEXT
);
