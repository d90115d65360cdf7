CREATE TABLE stock (
  sku       text PRIMARY KEY,
  available int NOT NULL CHECK (available >= 0)
);

CREATE TABLE reservations (
  order_id uuid NOT NULL,
  sku      text NOT NULL REFERENCES stock (sku),
  quantity int NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, sku)
);

-- Events already handled (source + id): a redelivered event finds itself here.
CREATE TABLE processed_events (
  source       text NOT NULL,
  id           text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, id)
);
