-- Hooks: the signature versions sent (v1, v1a or both, space-separated), the ed25519 signing key for v1a, and the
-- keys replaced by a rotation that still sign until they expire (a JSON array of {key, expiresAt}).
ALTER TABLE webhooks_hooks
	ADD COLUMN signature_versions VARCHAR(20) NOT NULL DEFAULT 'v1',
	ADD COLUMN signing_key VARCHAR(200) NULL,
	ADD COLUMN previous_keys MEDIUMTEXT NULL;
