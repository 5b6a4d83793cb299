-- Every friend list as rows, for the one question a list cannot answer itself: who has added a given user
-- (whose mobile number that user may see). The list in the friend-list grain's state is the truth; the rows
-- that are present are only ever a subset of it (a row is made present after its entry is stored, and absent
-- before its entry is removed), so a missing row hides a mobile number for a moment and never shows one it
-- should not.
--
-- Rows are never deleted: an absent row stays as a tombstone with its version. Each write carries a version
-- from the list's grain that only grows; making a row present needs a newer version than the row's, making it
-- absent always wins (and raises the version). So a write that timed out and commits late cannot bring back a
-- friend removed since.
--
-- Friend 0 (no user has that id), present, says that the owner's rows were once made whole; lists without it
-- (written before this table) are asked of their grain, which makes its rows whole when it next activates.
CREATE TABLE IF NOT EXISTS picchat_friend_index (
    owner_id  bigint  NOT NULL,
    friend_id bigint  NOT NULL,
    present   boolean NOT NULL,
    version   bigint  NOT NULL,
    PRIMARY KEY (owner_id, friend_id)
);
