CREATE TABLE orders (
  id              uuid PRIMARY KEY,
  customer        text NOT NULL,
  currency        char(3) NOT NULL,
  total           numeric(19, 4) NOT NULL,
  idempotency_key text UNIQUE,
  request_hash    text, -- of the request, with an idempotency key: the same key needs the same order
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
  order_id   uuid NOT NULL REFERENCES orders (id),
  line_no    int NOT NULL,
  sku        text NOT NULL,
  quantity   int NOT NULL CHECK (quantity > 0),
  unit_price numeric(19, 4) NOT NULL,
  line_total numeric(19, 4) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

-- Events waiting to be published: written in the order's transaction, published after it.
CREATE TABLE outbox (
  id           uuid PRIMARY KEY,
  subject      text NOT NULL,
  type         text NOT NULL,
  payload      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
