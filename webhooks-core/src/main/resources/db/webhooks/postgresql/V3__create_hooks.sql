-- Runtime hooks; times are epoch milliseconds of the application's clock, lists are JSON arrays
CREATE TABLE webhooks_hooks (
    id             VARCHAR(36)             NOT NULL PRIMARY KEY,
    name           VARCHAR(200)            NOT NULL,
    entity_type    VARCHAR(200)            NOT NULL,
    events         TEXT                    NOT NULL,
    url            VARCHAR(2048)           NOT NULL,
    http_method    VARCHAR(10)             NOT NULL,
    headers        TEXT,
    content_type   VARCHAR(255)            NOT NULL,
    template       TEXT,
    serializer     VARCHAR(255),
    include_fields TEXT                    NOT NULL,
    exclude_fields TEXT                    NOT NULL,
    match_filter   TEXT                    NOT NULL,
    enabled        BOOLEAN                 NOT NULL,
    secret         VARCHAR(200)            NOT NULL,
    created_at     BIGINT                  NOT NULL,
    updated_at     BIGINT                  NOT NULL,
    CONSTRAINT webhooks_hooks_name_uk UNIQUE (name)
);

-- One row: advanced in the transaction of every hook change, polled by every instance to know when to reload
CREATE TABLE webhooks_hooks_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
);

INSERT INTO webhooks_hooks_revision (id, revision) VALUES (1, 0);
