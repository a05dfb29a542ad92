-- Operations: purge walks finished rows by completion time; stats find the oldest unsent row.
-- Partial indexes keep each to the rows it serves.
CREATE INDEX webhooks_deliveries_completed_ix ON webhooks_deliveries (completed_at)
	WHERE completed_at IS NOT NULL;
CREATE INDEX webhooks_deliveries_unsent_created_ix ON webhooks_deliveries (created_at)
	WHERE status IN ('PENDING', 'IN_FLIGHT');

-- Targets failing since a time, and those disabled after failing too long; a row exists only while either is set.
CREATE TABLE webhooks_target_states (
	target        VARCHAR(200)   NOT NULL,
	failing_since TIMESTAMPTZ(6),
	disabled_at   TIMESTAMPTZ(6),
	updated_at    TIMESTAMPTZ(6) NOT NULL,
	CONSTRAINT webhooks_target_states_pk PRIMARY KEY (target)
);
