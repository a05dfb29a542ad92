-- Realtime broadcast: committed change events every application instance reads and pushes to its own live
-- clients; rows live for a minute. created_at is epoch milliseconds of the writing instance's clock.
CREATE TABLE webhooks_realtime_events (
    id         BIGINT     NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at BIGINT     NOT NULL,
    payload    MEDIUMTEXT NOT NULL
) ENGINE = InnoDB;

CREATE INDEX webhooks_realtime_events_created_at ON webhooks_realtime_events (created_at);
