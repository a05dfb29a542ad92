-- Admin pages: the deliveries list pages newest first by keyset, filtered by entity type.
-- (Status uses webhook_delivery_status_created_ix, target webhook_delivery_target_ix.)
CREATE INDEX webhook_delivery_entity_page_ix ON webhook_delivery (entity_type, created_at, id);
