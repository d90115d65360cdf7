CREATE TABLE notifications (
  order_id   uuid NOT NULL,
  type       text NOT NULL,
  message    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, type)
);

CREATE TABLE processed_events (
  source       text NOT NULL,
  id           text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, id)
);
