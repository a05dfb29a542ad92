-- Operations: purge walks finished rows by completion time; stats find the oldest unsent row.
-- Partial indexes keep each to the rows it serves.
CREATE INDEX webhook_delivery_completed_ix ON webhook_delivery (completed_at)
	WHERE completed_at IS NOT NULL;
CREATE INDEX webhook_delivery_unsent_created_ix ON webhook_delivery (created_at)
	WHERE status IN ('PENDING', 'IN_FLIGHT');
