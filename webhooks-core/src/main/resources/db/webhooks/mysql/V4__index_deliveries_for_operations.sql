-- Operations: purge walks finished rows by completion time; stats find the oldest unsent row per status.
CREATE INDEX webhook_delivery_completed_ix ON webhook_delivery (completed_at);
CREATE INDEX webhook_delivery_status_created_ix ON webhook_delivery (status, created_at);
