-- V1 is on main already, so it stays as released; this brings its schema to what the history window needs.

-- turns.text becomes VARCHAR: H2 copies every CLOB a query returns into temporary LOB storage, which made each
-- window query slower than the last (minutes for a few thousand calls). A million characters is far beyond any
-- chat message or Coze answer; JdbcHistoryStore refuses longer text with a clear error.
ALTER TABLE turns ALTER COLUMN text SET DATA TYPE VARCHAR(1000000);

-- H2 reads an index in order only when ORDER BY names all its columns in one direction, and can scan an
-- ascending index backwards; the window orders by (conversation_id DESC, id DESC) over this index and stops after
-- LIMIT rows. The foreign keys are re-added after the index so they reuse it instead of keeping their own.
ALTER TABLE turns DROP CONSTRAINT fk_turns_conversation;
DROP INDEX ix_turns_conversation_id;
CREATE INDEX ix_turns_conversation_id ON turns (conversation_id, id);
ALTER TABLE turns ADD CONSTRAINT fk_turns_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id);

ALTER TABLE resets DROP CONSTRAINT fk_resets_conversation;
DROP INDEX ix_resets_conversation_id;
CREATE INDEX ix_resets_conversation_id ON resets (conversation_id, id);
ALTER TABLE resets ADD CONSTRAINT fk_resets_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id);
