-- The risk list searched by address or postcode, sorted by address, and showing each
-- address's newest signal. The list joins risk_scores by its primary key (list_id,
-- address_id), so each of these lets a page of 50 stop after 50 rows instead of sorting
-- the whole list:
-- * in address order (street, number, suffix, id: the keyset the cursor continues from);
-- * by a street's beginning, case-insensitively, and house number;
-- * an address's signals, newest last (a postcode search uses addresses_postcode, 008).
CREATE INDEX addresses_address_order ON addresses (street, house_number, (coalesce(house_suffix, '')), address_id);
CREATE INDEX addresses_street_prefix ON addresses (lower(street) text_pattern_ops, house_number);
CREATE INDEX signals_address ON signals (address_id, id);
