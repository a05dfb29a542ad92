-- Runtime hooks; times are epoch milliseconds of the application's clock, lists are JSON arrays
CREATE TABLE webhooks_hooks (
    id             VARCHAR(36)             NOT NULL PRIMARY KEY,
    name           VARCHAR(200)            NOT NULL,
    entity_type    VARCHAR(200)            NOT NULL,
    events         MEDIUMTEXT              NOT NULL,
    url            VARCHAR(2048)           NOT NULL,
    http_method    VARCHAR(10)             NOT NULL,
    headers        MEDIUMTEXT,
    content_type   VARCHAR(255)            NOT NULL,
    template       MEDIUMTEXT,
    serializer     VARCHAR(255),
    include_fields MEDIUMTEXT              NOT NULL,
    exclude_fields MEDIUMTEXT              NOT NULL,
    match_filter   MEDIUMTEXT              NOT NULL,
    enabled        BOOLEAN                 NOT NULL,
    secret         VARCHAR(200)            NOT NULL,
    created_at     BIGINT                  NOT NULL,
    updated_at     BIGINT                  NOT NULL,
    CONSTRAINT webhooks_hooks_name_uk UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row: advanced in the transaction of every hook change, polled by every instance to know when to reload
CREATE TABLE webhooks_hooks_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO webhooks_hooks_revision (id, revision) VALUES (1, 0);
