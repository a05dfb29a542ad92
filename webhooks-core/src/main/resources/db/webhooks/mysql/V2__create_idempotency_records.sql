-- Idempotency keys: one row per (scoped) key. DATETIME(6) columns hold UTC.
CREATE TABLE webhooks_idempotency_records (
	idempotency_key  VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	fingerprint      VARCHAR(128) NOT NULL,
	owner_token      VARCHAR(64)  NOT NULL,
	locked_until     DATETIME(6)  NOT NULL,
	expires_at       DATETIME(6)  NOT NULL,
	response_status  INT          NULL,
	response_headers MEDIUMTEXT   NULL,
	response_body    LONGBLOB     NULL,
	PRIMARY KEY (idempotency_key),
	INDEX webhooks_idempotency_records_expires_ix (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
