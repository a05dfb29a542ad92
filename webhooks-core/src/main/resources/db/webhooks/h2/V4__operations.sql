-- Operations: purge walks finished rows by completion time; stats find the oldest unsent row per status.
CREATE INDEX webhooks_deliveries_completed_ix ON webhooks_deliveries (completed_at);
CREATE INDEX webhooks_deliveries_status_created_ix ON webhooks_deliveries (status, created_at);

-- Targets failing since a time, and those disabled after failing too long; a row exists only while either is set.
CREATE TABLE webhooks_target_states (
	target        VARCHAR(200)  NOT NULL,
	failing_since TIMESTAMP(6) WITH TIME ZONE,
	disabled_at   TIMESTAMP(6) WITH TIME ZONE,
	updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT webhooks_target_states_pk PRIMARY KEY (target)
);
