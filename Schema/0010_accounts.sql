-- 0010 — people who use kho serve, and their signed-in sessions.
-- Passwords are kept only as bcrypt hashes; a session's cookie value is kept only as its SHA-256,
-- so a copy of the catalogue (a mirror, a backup) signs nobody in.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    password_hash   TEXT    NOT NULL,
    totp_secret     TEXT,                           -- base32; set when the admin added a second factor
    created_at      TEXT    NOT NULL,
    disabled_at     TEXT                            -- a disabled account signs in no more; its history stays
);

-- The units an editor may upload to and edit in (an admin edits everywhere).
CREATE TABLE account_units (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    unit            TEXT    NOT NULL,
    PRIMARY KEY (account_id, unit)
) WITHOUT ROWID;

CREATE TABLE web_sessions (
    token_sha256    TEXT    PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token      TEXT    NOT NULL,               -- every form of the session carries it back
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
