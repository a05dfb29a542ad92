-- Tracing: the trace context of the business transaction that captured a delivery (propagation headers as a JSON
-- object, e.g. {"traceparent": "00-…"}), so that its attempts continue that trace; null when nothing was traced.
ALTER TABLE webhooks_deliveries ADD COLUMN trace_context TEXT;
