-- Admin pages: the deliveries list pages newest first by keyset, filtered by status or entity type.
-- (Filtering by target uses webhook_delivery_target_ix, unfiltered pages webhook_delivery_created_ix.)
CREATE INDEX webhook_delivery_status_page_ix ON webhook_delivery (status, created_at, id);
CREATE INDEX webhook_delivery_entity_page_ix ON webhook_delivery (entity_type, created_at, id);
