-- The tokenizer now also indexes each unaccented word under a marked as-typed form (see
-- VietnameseTokenizer.asTypedMark), so that search can rank "ban" spelled so above bàn and bản.
-- Re-tokenise every row's stored text once; nothing else changes.
INSERT INTO search (search) VALUES ('rebuild');
