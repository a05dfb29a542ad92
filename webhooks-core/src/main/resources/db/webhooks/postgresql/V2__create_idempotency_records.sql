-- Idempotency keys: one row per (scoped) key.
CREATE TABLE webhooks_idempotency_records (
	idempotency_key  VARCHAR(255)   NOT NULL,
	fingerprint      VARCHAR(128)   NOT NULL,
	owner_token      VARCHAR(64)    NOT NULL,
	locked_until     TIMESTAMPTZ(6) NOT NULL,
	expires_at       TIMESTAMPTZ(6) NOT NULL,
	response_status  INT,
	response_headers TEXT,
	response_body    BYTEA,
	CONSTRAINT webhooks_idempotency_records_pk PRIMARY KEY (idempotency_key)
);

CREATE INDEX webhooks_idempotency_records_expires_ix ON webhooks_idempotency_records (expires_at);
