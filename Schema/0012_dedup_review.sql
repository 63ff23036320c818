-- 0012 — what editors decided about near-duplicate clusters, so that a later dedup run (nightly,
-- contrib/kho-dedup.timer) does not ask again.

-- Every cluster a marking dedup run found, by its members (their object ids, sorted, joined by
-- commas): a cluster with a member more or fewer is another cluster, to be looked at again.
CREATE TABLE dedup_clusters (
    members         TEXT    PRIMARY KEY,
    keeper_id       INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    method          TEXT    NOT NULL,
    found_at        TEXT    NOT NULL,
    reviewed_by     TEXT,
    reviewed_at     TEXT
) WITHOUT ROWID;
CREATE INDEX dedup_clusters_waiting ON dedup_clusters (reviewed_at, found_at);

-- A keeper an editor confirmed: later runs keep it as its cluster's keeper.
CREATE TABLE confirmed_keepers (
    object_id       INTEGER PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
    confirmed_by    TEXT    NOT NULL,
    confirmed_at    TEXT    NOT NULL
);

-- Two items an editor said are not the same: later runs never put them in one cluster through
-- each other.
CREATE TABLE not_duplicates (
    a_id            INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    b_id            INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    decided_by      TEXT    NOT NULL,
    decided_at      TEXT    NOT NULL,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
) WITHOUT ROWID;
