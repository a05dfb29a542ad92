-- The event log (webhooks.hooks.event-log.enabled): every captured change and custom event of an entity, kept for
-- webhooks.hooks.event-log.retention so that a new hook can be sent the events it would have matched. Written in
-- the business transaction, one multi-row insert per transaction. occurred_at is the capturing instance's clock, in
-- UTC; entity_id, instance and arguments are JSON.
CREATE TABLE webhooks_event_log (
	id          BIGINT        NOT NULL AUTO_INCREMENT,
	occurred_at DATETIME(6)   NOT NULL,
	event_type  VARCHAR(200)  NOT NULL,
	topic       VARCHAR(200)  NOT NULL,
	entity_type VARCHAR(200)  NOT NULL,
	event       VARCHAR(200)  NOT NULL,
	entity_id   VARCHAR(1000) NULL,
	instance    MEDIUMTEXT    NOT NULL,
	arguments   MEDIUMTEXT    NULL,
	PRIMARY KEY (id),
	-- replay reads one entity type oldest first from a time; the purge deletes by age
	INDEX webhooks_event_log_entity_ix (entity_type, occurred_at, id),
	INDEX webhooks_event_log_occurred_ix (occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
