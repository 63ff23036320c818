// The shared words (kinds, content types, statuses, digests) are part of what KhoKit offers
// front ends: a front end that imports KhoKit speaks them without importing another module.
@_exported import KhoVocabulary
