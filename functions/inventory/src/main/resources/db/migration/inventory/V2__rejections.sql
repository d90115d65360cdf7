-- Orders rejected for want of stock, with the reason: a redelivered event emits the rejection
-- again (its first emit may not have reached Kafka).
CREATE TABLE rejections (
  order_id uuid PRIMARY KEY,
  reason   text NOT NULL
);
