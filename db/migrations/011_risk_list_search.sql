-- The risk list searched by address or postcode, sorted by address, and showing each
-- address's newest signal. The list joins risk_scores by its primary key (list_id,
-- address_id), so each of these lets a page of 50 stop after 50 rows instead of sorting
-- the whole list:
-- * in address order (street, number, suffix, id: the keyset the cursor continues from);
-- * by a street's beginning, case-insensitively, and house number;
-- * an address's signals, newest last (a postcode search uses addresses_postcode, 008).
-- Measured on 123,000 addresses (PGlite, EXPLAIN ANALYZE): a page by rank, by address (also
-- paged on from rank 60,000), by postcode or by street and number each reads under 300
-- buffers and runs in 0.1-10 ms; a district's page walks the rank index until 50 match
-- (~40 ms); counting a district or a street's matches joins all of them (~200 ms), on the
-- first page only.
CREATE INDEX addresses_address_order ON addresses (street, house_number, (coalesce(house_suffix, '')), address_id);
CREATE INDEX addresses_street_prefix ON addresses (lower(street) text_pattern_ops, house_number);
CREATE INDEX signals_address ON signals (address_id, id);
