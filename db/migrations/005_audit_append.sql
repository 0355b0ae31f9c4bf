-- Audit entries appended in one statement: the lock, the head, the chain and the insert
-- run inside the database. Before, a batch took three round trips (BEGIN + lock + head,
-- the insert, COMMIT), and the lock — which every replica's appends queue on — stayed
-- held while the service, busy with other requests, got round to reading the head and
-- hashing. Now it is held for the microseconds the database needs.
--
-- The hash is the one db/audit-chain.ts `rowHash` computes (and `hennep audit-log verify`
-- checks): sha256 of the previous hash, a line break and the JSON array of the row's
-- fields. The client sends that array's text without its first element, seq, which only
-- the head decides: `tail` is `JSON.stringify([at, actor, …, detail]).slice(1)`.
CREATE FUNCTION audit_append(
  p_at timestamptz[], p_actor text[], p_role text[], p_action text[], p_method text[], p_path text[],
  p_address_id text[], p_purpose text[], p_status integer[], p_detail text[], p_tail text[]
) RETURNS TABLE (appended_seq bigint, appended_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  -- Any fixed number; appends of every process and transaction queue here, one chain.
  PERFORM pg_advisory_xact_lock(4242002);
  SELECT l.seq, l.hash INTO head_seq, head_hash FROM audit_log l ORDER BY l.seq DESC LIMIT 1;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, repeat('0', 64));
  FOR i IN 1 .. coalesce(cardinality(p_tail), 0) LOOP
    head_seq := head_seq + 1;
    prevs[i] := head_hash;
    head_hash := encode(sha256(convert_to(head_hash || E'\n[' || head_seq::text || ',' || p_tail[i], 'UTF8')), 'hex');
    seqs[i] := head_seq;
    hashes[i] := head_hash;
  END LOOP;
  INSERT INTO audit_log (seq, at, actor, role, action, method, path, address_id, purpose, status, detail, prev_hash, hash)
    SELECT * FROM unnest(seqs, p_at, p_actor, p_role, p_action, p_method, p_path, p_address_id, p_purpose, p_status, p_detail, prevs, hashes);
  RETURN QUERY SELECT * FROM unnest(seqs, hashes);
END;
$$;
