-- The W3C trace context of the call that placed the order, published with its event so that the
-- functions reacting to it continue the same trace.
ALTER TABLE outbox ADD COLUMN traceparent text;
