-- Every friend list as rows, for the one question a list cannot answer itself: who has added a given user
-- (whose mobile number and pictures that user may see). The list in the friend-list grain's state is the
-- truth; this index is only ever a subset of it (an entry's row is removed before the entry, and added after
-- it), so a missing row hides a mobile number for a moment and never shows one it should not. A row with
-- friend_id 0 says the owner's rows were once made whole; lists without it (written before this table) are
-- asked of their grain, which makes its rows whole when it next activates.
CREATE TABLE IF NOT EXISTS picchat_friend_index (
    owner_id  bigint NOT NULL,
    friend_id bigint NOT NULL,
    PRIMARY KEY (owner_id, friend_id)
);
