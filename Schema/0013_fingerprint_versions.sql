-- 0013 — which version of its method made a fingerprint. Rows from before this migration are
-- version 1; `kho fingerprint --missing` recomputes those whose method has a newer version
-- (phash 2: the hash is squeezed from the statistics' 256-px thumbnail, one decode, not two).
ALTER TABLE fingerprints ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
