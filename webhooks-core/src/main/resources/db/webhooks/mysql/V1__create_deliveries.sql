-- The outbox: one row per message and target, and one row per HTTP attempt.
-- DATETIME(6) columns hold UTC; binary collation because message ids are case-sensitive.
CREATE TABLE webhooks_deliveries (
	id               VARCHAR(64)   NOT NULL,
	target           VARCHAR(200)  NOT NULL,
	url              VARCHAR(2048) NOT NULL,
	http_method      VARCHAR(10)   NOT NULL,
	headers          TEXT          NOT NULL,
	event_type       VARCHAR(200)  NOT NULL,
	entity_type      VARCHAR(200)  NULL,
	entity_id        VARCHAR(200)  NULL,
	payload          LONGTEXT      NOT NULL,
	status           VARCHAR(16)   NOT NULL,
	attempt_count    INT           NOT NULL,
	next_attempt_at  DATETIME(6)   NOT NULL,
	lease_owner      VARCHAR(200)  NULL,
	lease_expires_at DATETIME(6)   NULL,
	last_status_code INT           NULL,
	last_error       VARCHAR(1000) NULL,
	created_at       DATETIME(6)   NOT NULL,
	updated_at       DATETIME(6)   NOT NULL,
	completed_at     DATETIME(6)   NULL,
	PRIMARY KEY (id),
	CONSTRAINT webhooks_deliveries_status_ck
		CHECK (status IN ('PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
	INDEX webhooks_deliveries_due_ix (status, next_attempt_at),
	INDEX webhooks_deliveries_lease_ix (status, lease_expires_at),
	INDEX webhooks_deliveries_created_ix (created_at),
	INDEX webhooks_deliveries_target_ix (target, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE webhooks_delivery_attempts (
	id               BIGINT        NOT NULL AUTO_INCREMENT,
	delivery_id      VARCHAR(64)   NOT NULL,
	attempt_number   INT           NOT NULL,
	started_at       DATETIME(6)   NOT NULL,
	duration_ms      BIGINT        NOT NULL,
	status_code      INT           NULL,
	response_excerpt VARCHAR(1024) NULL,
	error            VARCHAR(1000) NULL,
	PRIMARY KEY (id),
	CONSTRAINT webhooks_delivery_attempts_delivery_fk FOREIGN KEY (delivery_id)
		REFERENCES webhooks_deliveries (id) ON DELETE CASCADE,
	INDEX webhooks_delivery_attempts_delivery_ix (delivery_id, attempt_number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
