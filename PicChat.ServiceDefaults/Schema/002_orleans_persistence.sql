-- Orleans ADO.NET grain persistence on PostgreSQL: PicChat's own schema for the provider's contract.
-- A grain is identified by (service, grain type, id N0/N1, key string); the provider also sends 32-bit
-- hashes of the id and type, which lead the key so lookups stay on a narrow index prefix.
-- Version is the ETag: writes and clears must name the version they read, else they change nothing and
-- answer NULL, which the provider reports as an InconsistentStateException.

CREATE TABLE orleans_storage (
    service_id        varchar(150) NOT NULL,
    grain_type_hash   integer      NOT NULL,
    grain_id_hash     integer      NOT NULL,
    grain_id_n0       bigint       NOT NULL,
    grain_id_n1       bigint       NOT NULL,
    grain_type        varchar(512) NOT NULL,
    -- '' stands for "no key string", so the primary key can cover it.
    grain_key_string  varchar(512) NOT NULL,
    payload           bytea        NULL,
    modified_at       timestamptz  NOT NULL DEFAULT now(),
    version           integer      NOT NULL,
    PRIMARY KEY (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_key_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
  AND service_id = CAST(@ServiceId AS text) AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
  AND grain_id_n1 = CAST(@GrainIdN1 AS bigint) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_key_string = COALESCE(CAST(@GrainIdExtensionString AS text), '')
$q$),
-- No version: first write, which must insert. A version: update that version only. Always one row back.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = CAST(@PayloadBinary AS bytea), modified_at = now(), version = version + 1
    WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
      AND grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
      AND service_id = CAST(@ServiceId AS text) AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
      AND grain_id_n1 = CAST(@GrainIdN1 AS bigint) AND grain_type = CAST(@GrainTypeString AS text)
      AND grain_key_string = COALESCE(CAST(@GrainIdExtensionString AS text), '')
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version),
inserted AS (
    INSERT INTO orleans_storage (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type,
                                 grain_key_string, payload, version)
    SELECT CAST(@ServiceId AS text), CAST(@GrainTypeHash AS integer), CAST(@GrainIdHash AS integer),
           CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint), CAST(@GrainTypeString AS text),
           COALESCE(CAST(@GrainIdExtensionString AS text), ''), CAST(@PayloadBinary AS bytea), 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS NewGrainStateVersion
$q$),
-- Clearing keeps the row (with no payload) so the version keeps counting and stale writers still conflict.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage
    SET payload = NULL, modified_at = now(), version = version + 1
    WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
      AND service_id = CAST(@ServiceId AS text) AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
      AND grain_id_n1 = CAST(@GrainIdN1 AS bigint) AND grain_type = CAST(@GrainTypeString AS text)
      AND grain_key_string = COALESCE(CAST(@GrainIdExtensionString AS text), '')
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version)
SELECT (SELECT version FROM cleared) AS Version
$q$),
-- Used only when a provider is configured to delete state on clear (PicChat's is not): removes the row.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
      AND service_id = CAST(@ServiceId AS text) AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
      AND grain_id_n1 = CAST(@GrainIdN1 AS bigint) AND grain_type = CAST(@GrainTypeString AS text)
      AND grain_key_string = COALESCE(CAST(@GrainIdExtensionString AS text), '')
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version)
SELECT (SELECT version + 1 FROM deleted) AS Version
$q$);
