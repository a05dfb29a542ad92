-- Per-hook dispatch limits, applied to the hook's lane like webhooks.servers.<id>.* to a server's. NULL is the
-- dispatcher's default (webhooks.dispatch.target-*).
ALTER TABLE webhooks_hooks
	ADD COLUMN max_concurrency INT NULL,
	ADD COLUMN rate_limit DOUBLE NULL,
	ADD COLUMN burst INT NULL;
