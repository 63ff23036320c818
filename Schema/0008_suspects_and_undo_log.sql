-- 0008 — files that stopped kho while it read them, and an append-only removals log.

-- A file a worker was reading when kho died. When kho crashed on it (a C library's own crash, say),
-- or stopped twice while reading it, the next run does not read it again — it would die again —
-- but reports it; a change to the file (size or time) lets it be read again. A single stop without
-- a crash (kill -9, a power cut) is no fault of the file's: it is read again once.
CREATE TABLE suspect_files (
    id              INTEGER PRIMARY KEY,
    path            TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    crashed         INTEGER NOT NULL DEFAULT 0,     -- kho's crash handler marked it
    stops           INTEGER NOT NULL DEFAULT 1,     -- how many times kho died reading it
    found_at        TEXT    NOT NULL,               -- when a run last found the leftover mark
    UNIQUE (path, size, mtime_ns)
);

-- A file name that is not UTF-8 (Windows-1258 or CP437 bytes from old machines and their zip
-- files) is kept byte for byte in path and file_name (each stray byte as U+10FF00 + byte, see
-- KhoStore's RawPath); this is the name read as Windows-1258, for people and for search.
ALTER TABLE sources ADD COLUMN name_reading TEXT;

-- `kho remove --undo` no longer deletes the removal's row: it stamps who restored it and when.
ALTER TABLE removals ADD COLUMN restored_by TEXT;
ALTER TABLE removals ADD COLUMN restored_at TEXT;
CREATE TRIGGER removals_append_only BEFORE DELETE ON removals
BEGIN
    SELECT RAISE(ABORT, 'the removals log is append-only');
END;
