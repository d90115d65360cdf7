-- The sample shop's catalogue: the SKUs the README's orders use, with stock for thousands of
-- orders. Flyway applies it once per database; ON CONFLICT keeps it harmless where a SKU was
-- loaded another way. A real shop loads its stock from its own systems: drop this migration.
INSERT INTO stock (sku, available) VALUES
  ('book', 100000),
  ('pen', 100000),
  ('mug', 10000),
  ('poster', 1000)
ON CONFLICT (sku) DO NOTHING;
