-- 0011 — changes made by hand (kho set, kho tag, the web page's editing), each kept: who, when,
-- what it was and what it became. Append-only, like the removals log.
CREATE TABLE edits (
    id              INTEGER PRIMARY KEY,
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    field           TEXT    NOT NULL,               -- title, caption, unit, type, topic
    old_value       TEXT,                           -- for a topic: NULL when it was added
    new_value       TEXT,                           -- for a topic: NULL when it was taken off
    edited_by       TEXT    NOT NULL,               -- "lan (web)" or "nguyenvan@kho-server"
    edited_at       TEXT    NOT NULL
);
CREATE INDEX edits_by_object ON edits (object_id, id);
CREATE TRIGGER edits_append_only_delete BEFORE DELETE ON edits
    WHEN (SELECT count(*) FROM objects WHERE id = OLD.object_id) > 0
BEGIN
    SELECT RAISE(ABORT, 'the edits log is append-only');
END;
CREATE TRIGGER edits_append_only_update BEFORE UPDATE ON edits
BEGIN
    SELECT RAISE(ABORT, 'the edits log is append-only');
END;

-- A caption (chú thích) set by hand: manual_values may now hold one; it is searched with the title.
CREATE TABLE manual_values_new (
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    field           TEXT    NOT NULL CHECK (field IN ('title', 'unit', 'type', 'caption')),
    value           TEXT    NOT NULL,
    set_by          TEXT    NOT NULL,
    set_at          TEXT    NOT NULL,
    PRIMARY KEY (object_id, field)
) WITHOUT ROWID;
INSERT INTO manual_values_new SELECT object_id, field, value, set_by, set_at FROM manual_values;
DROP TABLE manual_values;
ALTER TABLE manual_values_new RENAME TO manual_values;
