-- Admin pages: the deliveries list pages newest first by keyset, filtered by entity type.
-- (Status uses webhooks_deliveries_status_created_ix, target webhooks_deliveries_target_ix.)
CREATE INDEX webhooks_deliveries_entity_page_ix ON webhooks_deliveries (entity_type, created_at, id);
