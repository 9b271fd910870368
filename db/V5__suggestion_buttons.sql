-- Buttons under answers (Coze's follow-up suggestions, a bot's suggested first questions). Telegram's callback data
-- holds at most 64 bytes and a Discord custom id 100 characters, too little for a question, so a button carries
-- only an id and the question waits here until it is pressed or expires.

CREATE TABLE suggestion_buttons (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    -- the buttons of one message: pressing one uses them all
    batch      VARCHAR(32)              NOT NULL,
    bot        VARCHAR(200)             NOT NULL,
    platform   VARCHAR(50)              NOT NULL,
    scope      VARCHAR(500)             NOT NULL,
    question   VARCHAR(4000)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_suggestion_buttons_batch ON suggestion_buttons (batch);
-- expired buttons are deleted in bulk
CREATE INDEX ix_suggestion_buttons_expires_at ON suggestion_buttons (expires_at);
