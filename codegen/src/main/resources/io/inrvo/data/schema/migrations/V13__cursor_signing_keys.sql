-- The keys that sign keyset cursors ("next page" tokens), kept in the database so that every
-- instance of an application, before and after a restart, signs and accepts the same cursors with
-- no setting to share. Rotation adds a key and gives the older ones an expiry (a grace period),
-- after which cursors they signed are refused.
--
-- Schema inrvo_meta is not exposed by the Data API. Only the owner (the migrating login) and
-- service_role, which the library switches to for reading and rotating keys, may touch the table;
-- anon and authenticated may not.

CREATE SCHEMA IF NOT EXISTS inrvo_meta;

CREATE TABLE inrvo_meta.cursor_signing_keys (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  secret     bytea NOT NULL CHECK (length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
COMMENT ON TABLE inrvo_meta.cursor_signing_keys IS
  'HMAC keys of keyset cursors. The newest unexpired key signs; every unexpired key is accepted. '
  'Rotate with Inrvo.rotateCursorSigningKey(dataSource, grace).';
COMMENT ON COLUMN inrvo_meta.cursor_signing_keys.expires_at IS
  'NULL while the key is current; set by a rotation to the end of its grace period.';

REVOKE ALL ON inrvo_meta.cursor_signing_keys FROM PUBLIC, anon, authenticated;
GRANT USAGE ON SCHEMA inrvo_meta TO service_role;
GRANT SELECT, INSERT, UPDATE ON inrvo_meta.cursor_signing_keys TO service_role;

-- The first key: 32 bytes from two version-4 UUIDs (gen_random_uuid() draws on the server's
-- strong random source; 244 random bits), so that no extension is needed.
INSERT INTO inrvo_meta.cursor_signing_keys (secret)
VALUES (pg_catalog.decode(pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));
