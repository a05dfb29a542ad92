-- Idempotency keys: one row per (scoped) key; times are epoch milliseconds of the application's clock
CREATE TABLE webhooks_idempotency_records (
    idempotency_key  VARCHAR(255) NOT NULL PRIMARY KEY,
    fingerprint      VARCHAR(128) NOT NULL,
    owner_token      VARCHAR(64)  NOT NULL,
    locked_until     BIGINT       NOT NULL,
    expires_at       BIGINT       NOT NULL,
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BYTEA
);

CREATE INDEX webhooks_idempotency_records_expires_at ON webhooks_idempotency_records (expires_at);
