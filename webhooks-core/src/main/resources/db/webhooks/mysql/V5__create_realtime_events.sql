-- Realtime broadcast: committed change events every application instance reads and pushes to its own live
-- clients; rows live for a minute. created_at is the writing instance's clock, in UTC.
CREATE TABLE webhooks_realtime_events (
	id         BIGINT      NOT NULL AUTO_INCREMENT,
	created_at DATETIME(6) NOT NULL,
	payload    MEDIUMTEXT  NOT NULL,
	PRIMARY KEY (id),
	INDEX webhooks_realtime_events_created_ix (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
