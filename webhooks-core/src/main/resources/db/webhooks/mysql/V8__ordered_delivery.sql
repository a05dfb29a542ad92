-- Ordered delivery: a row with an ordering key is sent only once every earlier unfinished row of the same
-- (target, ordering key) lane has finished. Earlier means a lower write_sequence, given by the database as rows are
-- written, so the order holds whatever the clocks of the writing instances say. InnoDB wants an AUTO_INCREMENT
-- column to lead an index of its own.
ALTER TABLE webhooks_deliveries
	ADD COLUMN ordering_key VARCHAR(400) NULL,
	ADD COLUMN write_sequence BIGINT NOT NULL AUTO_INCREMENT,
	ADD UNIQUE INDEX webhooks_deliveries_write_sequence_uk (write_sequence);

-- The claim's lane check: is there an earlier unfinished row in this lane? Status is part of the key so the check
-- never walks a lane's finished history.
CREATE INDEX webhooks_deliveries_lane_ix ON webhooks_deliveries (ordering_key, target, status, write_sequence);

-- Runtime hooks that deliver each entity's changes in order.
ALTER TABLE webhooks_hooks ADD COLUMN ordered BOOLEAN NOT NULL DEFAULT FALSE;
