-- The municipality (CBS gemeentecode, the four digits after "WK" in the district code) of
-- every address, carried by every table that holds rows per address, so that a database of
-- a RIEC region can list-partition them by municipality (docs/scale.md) and a query can
-- be confined to one municipality without a join.
--
-- On addresses it is a plain column, not a generated one (a generated column cannot be a
-- partition key). A trigger derives it from the district code on every write that does
-- not give it right, and a CHECK guards the derivation should the trigger be bypassed.
ALTER TABLE addresses ADD COLUMN municipality_code char(4);
UPDATE addresses SET municipality_code = substr(district_code, 3, 4);
ALTER TABLE addresses ALTER COLUMN municipality_code SET NOT NULL;
ALTER TABLE addresses ADD CONSTRAINT addresses_municipality_of_district CHECK (municipality_code = substr(district_code, 3, 4));
ALTER TABLE addresses ADD CONSTRAINT addresses_municipality UNIQUE (address_id, municipality_code);
CREATE INDEX addresses_municipality_code ON addresses (municipality_code);

CREATE FUNCTION municipality_of_district() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.municipality_code := substr(NEW.district_code, 3, 4);
  RETURN NEW;
END $$;
CREATE TRIGGER addresses_municipality BEFORE INSERT OR UPDATE ON addresses
  FOR EACH ROW WHEN (NEW.municipality_code IS DISTINCT FROM substr(NEW.district_code, 3, 4)) EXECUTE FUNCTION municipality_of_district();

-- A row written without the code takes its address's, in a trigger whose WHEN keeps it
-- from running for the set-based writers (ingest's merge, scoring), which give it by a join.
CREATE FUNCTION municipality_of_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.municipality_code INTO NEW.municipality_code FROM addresses a WHERE a.address_id = NEW.address_id;
  RETURN NEW;
END $$;

-- The source data follow their address: a foreign key on (address_id, municipality_code)
-- refuses a copy that disagrees, and when a merger of municipalities renumbers an address's
-- district its rows move with it (ON UPDATE CASCADE; each of these tables has an index that
-- begins with address_id). These keys replace the keys on address_id alone, so no row is
-- checked twice.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['occupancy', 'energy', 'reports', 'inspections', 'companies'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN municipality_code char(4)', t);
    EXECUTE format('UPDATE %I x SET municipality_code = a.municipality_code FROM addresses a WHERE a.address_id = x.address_id', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN municipality_code SET NOT NULL', t);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_address_id_fkey');
    EXECUTE format(
      'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (address_id, municipality_code) REFERENCES addresses (address_id, municipality_code) ON UPDATE CASCADE',
      t, t || '_address_fkey');
    EXECUTE format(
      'CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.municipality_code IS NULL) EXECUTE FUNCTION municipality_of_address()',
      t || '_municipality', t);
    EXECUTE format(
      'CREATE TRIGGER %I BEFORE UPDATE OF address_id ON %I FOR EACH ROW WHEN (NEW.address_id IS DISTINCT FROM OLD.address_id) EXECUTE FUNCTION municipality_of_address()',
      t || '_municipality_moved', t);
  END LOOP;
END $$;

-- The product's own records — a stored risk list, a signal, a sample's member — keep the
-- municipality the address had when they were written, as they keep its rank and its
-- explanation: nothing cascades into them, and their key stays on address_id.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['risk_scores', 'signals', 'sample_members'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN municipality_code char(4)', t);
    EXECUTE format('UPDATE %I x SET municipality_code = a.municipality_code FROM addresses a WHERE a.address_id = x.address_id', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN municipality_code SET NOT NULL', t);
    EXECUTE format(
      'CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.municipality_code IS NULL) EXECUTE FUNCTION municipality_of_address()',
      t || '_municipality', t);
  END LOOP;
END $$;
