-- Platform deliveries already taken (Telegram webhook update ids), so a redelivery is handled once even when it
-- reaches another instance. Rows are pruned after a day: Telegram stops redelivering long before that.
CREATE TABLE deliveries (
    source      VARCHAR(200)             NOT NULL,
    delivery_id VARCHAR(200)             NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_deliveries PRIMARY KEY (source, delivery_id)
);

CREATE INDEX ix_deliveries_seen_at ON deliveries (seen_at);
