-- The durable chat log. Each picture's chats form one gap-free sequence of events: creating a chat takes
-- the next seq, deleting one takes the next as its deleted_seq. The picture's chat-room grain is the only
-- writer of a picture's rows, so it hands out those numbers; the unique indexes catch a second writer.
CREATE SEQUENCE IF NOT EXISTS picchat_chat_ids;

CREATE TABLE IF NOT EXISTS picchat_chats (
    chat_id       bigint      PRIMARY KEY,
    pic_id        bigint      NOT NULL,
    seq           bigint      NOT NULL,
    from_user_id  bigint      NOT NULL,
    to_user_id    bigint      NOT NULL,
    msg_type      text        NOT NULL,
    content       text        NULL,
    voice_url     text        NULL,
    client_msg_id text        NULL,
    created_at    timestamptz NOT NULL,
    -- Set when the chat is deleted: the row stays as a tombstone (content wiped) so positions stay dense.
    deleted_seq   bigint      NULL
);

-- Pages and replays walk a picture's sequence; each seq is used once.
CREATE UNIQUE INDEX IF NOT EXISTS picchat_chats_pic_seq ON picchat_chats (pic_id, seq);
CREATE UNIQUE INDEX IF NOT EXISTS picchat_chats_pic_deleted_seq ON picchat_chats (pic_id, deleted_seq) WHERE deleted_seq IS NOT NULL;
-- A sender's retried message is found by its clientMsgId.
CREATE UNIQUE INDEX IF NOT EXISTS picchat_chats_sender_client_msg ON picchat_chats (from_user_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
-- Destroying a user finds the chats they sent or received.
CREATE INDEX IF NOT EXISTS picchat_chats_to_user ON picchat_chats (to_user_id) WHERE deleted_seq IS NULL;
CREATE INDEX IF NOT EXISTS picchat_chats_from_user ON picchat_chats (from_user_id) WHERE deleted_seq IS NULL;
