-- People signing in (issue 18): OpenID Connect sessions, the people they
-- belong to, personal API tokens and the person in the audit log.
--
-- Sessions of the web UI, server-side so that they survive an API restart and
-- work across API processes. Keyed by the SHA-256 of the session id (the id
-- itself is only in the browser's HttpOnly cookie); every change is a new
-- row with a higher version, signing out writes deleted = 1 with the highest
-- version; read with FINAL. `secrets` holds the provider's refresh and ID
-- tokens sealed under a key derived from the session id (AES-256-GCM), so
-- the table alone opens nothing. Expired rows are dropped a day after their
-- absolute end.
CREATE TABLE IF NOT EXISTS sessions
(
    id_hash      String,
    sub          String,
    name         String,
    email        String,
    role         LowCardinality(String),
    instansi     String,
    method       LowCardinality(String),
    token_hash   String,
    secrets      String,
    address      String,
    created_at   DateTime64(3, 'UTC'),
    last_seen    DateTime64(3, 'UTC'),
    refreshed_at DateTime64(3, 'UTC'),
    expires_at   DateTime64(3, 'UTC'),
    version      UInt64,
    deleted      UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY id_hash
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- Sign-ins in progress (state, nonce and PKCE verifier, sealed like the
-- session secrets), ten minutes and one use each: the callback may reach
-- another API process than the one that started the sign-in.
CREATE TABLE IF NOT EXISTS sign_in_requests
(
    id_hash    String,
    secrets    String,
    expires_at DateTime64(3, 'UTC'),
    version    UInt64,
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY id_hash
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- Each person's latest sign-in or session refresh: the role and instansi the
-- provider granted then (role '' when it grants none). Sessions and personal
-- tokens are checked against it at every use.
CREATE TABLE IF NOT EXISTS people
(
    sub          String,
    name         String,
    email        String,
    role         LowCardinality(String),
    instansi     String,
    signed_in_at DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY sub;

-- Personal API tokens: bound to the person who made them (owner_sub), with an
-- expiry (NULL: none, for the tokens admins issue).
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS owner_sub String DEFAULT '' AFTER instansi;
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at Nullable(DateTime64(3, 'UTC')) AFTER owner_sub;

-- The person behind each audited action (their `sub`; '' for a token without an owner).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS subject String DEFAULT '' AFTER actor;
