-- The files a user turn carried to Coze (issue 11). Only references are kept: the kind, the file's name and size,
-- and the id Coze gave it on upload, so later history windows can relay the file again while Coze still keeps it
-- (three months). Nothing binary is ever stored.

CREATE TABLE turn_files (
    turn_id      BIGINT                   NOT NULL,
    seq          INT                      NOT NULL,
    kind         VARCHAR(16)              NOT NULL,
    name         VARCHAR(500)             NOT NULL,
    coze_file_id VARCHAR(200)             NOT NULL,
    size_bytes   BIGINT                   NOT NULL,
    uploaded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_turn_files PRIMARY KEY (turn_id, seq),
    CONSTRAINT fk_turn_files_turn FOREIGN KEY (turn_id) REFERENCES turns (id),
    CONSTRAINT ck_turn_files_kind CHECK (kind IN ('IMAGE', 'FILE', 'AUDIO', 'VIDEO'))
);
