-- Runtime hooks; lists are JSON arrays.
CREATE TABLE webhooks_hooks (
	id             VARCHAR(36)   NOT NULL,
	name           VARCHAR(200)  NOT NULL,
	entity_type    VARCHAR(200)  NOT NULL,
	events         CHARACTER LARGE OBJECT NOT NULL,
	url            VARCHAR(2048) NOT NULL,
	http_method    VARCHAR(10)   NOT NULL,
	headers        CHARACTER LARGE OBJECT,
	content_type   VARCHAR(255)  NOT NULL,
	template       CHARACTER LARGE OBJECT,
	serializer     VARCHAR(255),
	include_fields CHARACTER LARGE OBJECT NOT NULL,
	exclude_fields CHARACTER LARGE OBJECT NOT NULL,
	match_filter   CHARACTER LARGE OBJECT NOT NULL,
	enabled        BOOLEAN       NOT NULL,
	secret         VARCHAR(200)  NOT NULL,
	created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
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
