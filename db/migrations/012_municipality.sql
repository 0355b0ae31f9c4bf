-- The municipality (CBS gemeentecode, the four digits after "WK" in the district code) of
-- every address, carried by every table that holds rows per address, so that a database of
-- a RIEC region can list-partition them by municipality (docs/scale.md) and a query can
-- be confined to one municipality without a join.
--
-- addresses derives it from its district code. Every other table carries a copy, tied to
-- the address by a foreign key on (address_id, municipality_code): a copy that disagrees
-- is refused, and when an address's district code moves it to another municipality (a
-- merger of municipalities renumbers districts) the copies follow (ON UPDATE CASCADE).
-- These keys replace the tables' keys on address_id alone, so no row is checked twice.
--
-- Set-based writers (ingest's merge, scoring) supply the code from a join; a row inserted
-- without it (a control, a signal) gets it from its address in a trigger, which the WHEN
-- condition keeps from running for rows that have it.
--
-- On addresses it is a plain column, not a generated one (a generated column cannot be a
-- partition key), held to the district code by a CHECK; ingest writes it, and a trigger
-- sets it for any other write that changes the district code without it.
ALTER TABLE addresses ADD COLUMN municipality_code char(4);
UPDATE addresses SET municipality_code = substr(district_code, 3, 4);
ALTER TABLE addresses ALTER COLUMN municipality_code SET NOT NULL;
ALTER TABLE addresses ADD CONSTRAINT addresses_municipality_of_district CHECK (municipality_code = substr(district_code, 3, 4));
ALTER TABLE addresses ADD CONSTRAINT addresses_municipality UNIQUE (address_id, municipality_code);

CREATE FUNCTION municipality_of_district() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.municipality_code := substr(NEW.district_code, 3, 4);
  RETURN NEW;
END $$;
CREATE TRIGGER addresses_municipality BEFORE INSERT OR UPDATE ON addresses
  FOR EACH ROW WHEN (NEW.municipality_code IS DISTINCT FROM substr(NEW.district_code, 3, 4)) EXECUTE FUNCTION municipality_of_district();
CREATE INDEX addresses_municipality_code ON addresses (municipality_code);

CREATE FUNCTION municipality_of_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.municipality_code INTO NEW.municipality_code FROM addresses a WHERE a.address_id = NEW.address_id::char(16);
  RETURN NEW;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['occupancy', 'energy', 'reports', 'inspections', 'companies', 'risk_scores', 'signals', 'sample_members'] LOOP
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

-- The audit log is append-only and written once: an entry keeps the municipality its
-- address had when it was written (null for an entry about no address), so no key ties it
-- to the address, and nothing cascades into it.
ALTER TABLE audit_log ADD COLUMN municipality_code char(4);
CREATE TRIGGER audit_log_municipality BEFORE INSERT ON audit_log
  FOR EACH ROW WHEN (NEW.municipality_code IS NULL AND NEW.address_id IS NOT NULL) EXECUTE FUNCTION municipality_of_address();
