-- Operations: purge walks finished rows by completion time; stats find the oldest unsent row per status.
CREATE INDEX webhook_delivery_completed_ix ON webhook_delivery (completed_at);
CREATE INDEX webhook_delivery_status_created_ix ON webhook_delivery (status, created_at);

-- Targets failing since a time, and those disabled after failing too long; a row exists only while either is set.
CREATE TABLE webhook_target_state (
	target        VARCHAR(200) NOT NULL,
	failing_since DATETIME(6)  NULL,
	disabled_at   DATETIME(6)  NULL,
	updated_at    DATETIME(6)  NOT NULL,
	PRIMARY KEY (target)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
