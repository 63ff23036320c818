-- 0006 — classification: what kind of item it is, its topics and event days, the fields of
-- administrative documents and what they cite, and corrections made by hand.

ALTER TABLE objects ADD COLUMN content_type TEXT;          -- photo, graphic, scan, video, audio, slides, spreadsheet, article, administrative, document, other
ALTER TABLE objects ADD COLUMN content_type_reason TEXT;
CREATE INDEX objects_content_type ON objects(content_type);
ALTER TABLE fingerprints ADD COLUMN grey_levels INTEGER;  -- distinct grey levels in the 32×32 thumbnail (photos have many)
ALTER TABLE fingerprints ADD COLUMN white_share REAL;     -- share of near-white pixels (scans are mostly paper)

-- Topics and event days, from the rules in kho.toml or set by hand. A hand-made "-topic" is kept
-- as origin 'manual' with score < 0, so that re-classifying never brings the topic back.
CREATE TABLE topics (
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    topic           TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('topic', 'event')),
    folded          TEXT    NOT NULL,                -- what --topic and --event match
    score           REAL    NOT NULL,
    origin          TEXT    NOT NULL CHECK (origin IN ('rule', 'manual')),
    reason          TEXT,
    PRIMARY KEY (object_id, topic)
) WITHOUT ROWID;
CREATE INDEX topics_folded ON topics(folded);

-- Fields of a Vietnamese administrative document (Decree 30/2020/NĐ-CP), as printed.
CREATE TABLE documents (
    object_id       INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    doc_type        TEXT,                            -- KH, QĐ, NQ … or Tin bài, Trình chiếu, Phụ lục
    doc_type_name   TEXT,
    number          TEXT,                            -- số/ký hiệu: "68-KH/ĐU", "/KH-BQL"
    issuer          TEXT,
    issuer_folded   TEXT,
    place           TEXT,
    issue_date      TEXT,                            -- as printed
    iso_date        TEXT,                            -- what is known of it: 2026-01-02, 2026-03, 2026
    title           TEXT,
    signer          TEXT,
    signer_title    TEXT,
    recipients      TEXT                             -- JSON array
);
CREATE INDEX documents_doc_type ON documents(doc_type);
CREATE INDEX documents_issuer ON documents(issuer_folded);

-- Documents a text cites ("57-NQ/TW"): "everything citing 57-NQ/TW" is a query.
CREATE TABLE citations (
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    cited           TEXT    NOT NULL,
    PRIMARY KEY (object_id, cited)
) WITHOUT ROWID;
CREATE INDEX citations_cited ON citations(cited);

-- Values set by hand (kho set): they win over what extraction and rules say.
CREATE TABLE manual_values (
    object_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    field           TEXT    NOT NULL CHECK (field IN ('title', 'unit', 'type')),
    value           TEXT    NOT NULL,
    set_by          TEXT    NOT NULL,
    set_at          TEXT    NOT NULL,
    PRIMARY KEY (object_id, field)
) WITHOUT ROWID;
