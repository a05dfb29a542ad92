-- Admin pages: the deliveries list pages newest first by keyset, filtered by status or entity type.
-- (Filtering by target uses webhooks_deliveries_target_ix, unfiltered pages webhooks_deliveries_created_ix.)
CREATE INDEX webhooks_deliveries_status_page_ix ON webhooks_deliveries (status, created_at, id);
CREATE INDEX webhooks_deliveries_entity_page_ix ON webhooks_deliveries (entity_type, created_at, id);
