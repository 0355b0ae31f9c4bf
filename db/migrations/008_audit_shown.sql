-- "Who looked at this address?" A direct read names its address in `address_id`; a risk
-- list, the RIEC queue, the controls list or an export names every address it showed in
-- `detail.shown` (a JSON array of address ids). `audit_shown` reads that array out of the
-- canonical JSON text, and a GIN index over it finds the entries that showed an address
-- (`audit_shown(detail) ?| ARRAY[...]`) without reading the whole log.
--
-- Only details that hold a `"shown":[` array are parsed (most entries are single reads and
-- hold none); text that is not JSON — which the service never writes, but an altered entry
-- might hold — gives NULL instead of an error, so that it cannot stop appends, and
-- `hennep audit-log verify` still reports the alteration.
CREATE FUNCTION audit_shown(detail text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  shown jsonb;
BEGIN
  IF strpos(detail, '"shown":[') = 0 THEN
    RETURN NULL;
  END IF;
  BEGIN
    shown := detail::jsonb -> 'shown';
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
  RETURN CASE WHEN jsonb_typeof(shown) = 'array' THEN shown END;
END;
$$;

CREATE INDEX audit_log_shown ON audit_log USING gin (audit_shown(detail));

-- The auditor may search by postcode and house number as well as by address id.
CREATE INDEX addresses_postcode ON addresses (postcode, house_number);
