-- The per-owner picture catalog: one row per listed picture. The primary key (owner, id) is the only
-- index a page needs: WHERE owner_id = $1 AND pic_id < $2 ORDER BY pic_id DESC LIMIT n.
CREATE TABLE IF NOT EXISTS picchat_pictures (
    owner_id   bigint      NOT NULL,
    pic_id     bigint      NOT NULL,
    pic_url    text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (owner_id, pic_id)
);
