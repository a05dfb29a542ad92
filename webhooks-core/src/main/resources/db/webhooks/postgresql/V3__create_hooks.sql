-- Runtime hooks; lists are JSON arrays.
CREATE TABLE webhooks_hooks (
	id             VARCHAR(36)    NOT NULL,
	name           VARCHAR(200)   NOT NULL,
	entity_type    VARCHAR(200)   NOT NULL,
	events         TEXT           NOT NULL,
	url            VARCHAR(2048)  NOT NULL,
	http_method    VARCHAR(10)    NOT NULL,
	headers        TEXT,
	content_type   VARCHAR(255)   NOT NULL,
	template       TEXT,
	serializer     VARCHAR(255),
	include_fields TEXT           NOT NULL,
	exclude_fields TEXT           NOT NULL,
	match_filter   TEXT           NOT NULL,
	enabled        BOOLEAN        NOT NULL,
	secret         VARCHAR(200)   NOT NULL,
	created_at     TIMESTAMPTZ(6) NOT NULL,
	updated_at     TIMESTAMPTZ(6) NOT NULL,
	CONSTRAINT webhooks_hooks_pk PRIMARY KEY (id),
	CONSTRAINT webhooks_hooks_name_uk UNIQUE (name)
);

-- One row: advanced in the transaction of every hook change, polled by every instance to know when to reload.
CREATE TABLE webhooks_hooks_revision (
	id       INT    NOT NULL,
	revision BIGINT NOT NULL,
	CONSTRAINT webhooks_hooks_revision_pk PRIMARY KEY (id)
);

INSERT INTO webhooks_hooks_revision (id, revision) VALUES (1, 0);
