-- Runtime hooks; lists are JSON arrays. DATETIME(6) columns hold UTC.
CREATE TABLE webhooks_hooks (
	id             VARCHAR(36)   NOT NULL,
	name           VARCHAR(200)  NOT NULL,
	entity_type    VARCHAR(200)  NOT NULL,
	events         MEDIUMTEXT    NOT NULL,
	url            VARCHAR(2048) NOT NULL,
	http_method    VARCHAR(10)   NOT NULL,
	headers        MEDIUMTEXT    NULL,
	content_type   VARCHAR(255)  NOT NULL,
	template       MEDIUMTEXT    NULL,
	serializer     VARCHAR(255)  NULL,
	include_fields MEDIUMTEXT    NOT NULL,
	exclude_fields MEDIUMTEXT    NOT NULL,
	match_filter   MEDIUMTEXT    NOT NULL,
	enabled        BOOLEAN       NOT NULL,
	secret         VARCHAR(200)  NOT NULL,
	created_at     DATETIME(6)   NOT NULL,
	updated_at     DATETIME(6)   NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT webhooks_hooks_name_uk UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row: advanced in the transaction of every hook change, polled by every instance to know when to reload.
CREATE TABLE webhooks_hooks_revision (
	id       INT    NOT NULL,
	revision BIGINT NOT NULL,
	PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO webhooks_hooks_revision (id, revision) VALUES (1, 0);
