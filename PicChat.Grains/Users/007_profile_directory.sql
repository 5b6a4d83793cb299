-- Registered users' profiles as rows, so that a friend list of thousands is shown with one query instead of
-- one call to each friend's grain. The user grain's state is the truth: a row is either current or missing
-- (removed before a change, written again after it), and a missing row is read from the grain instead.
CREATE TABLE IF NOT EXISTS picchat_profiles (
    user_id    bigint      PRIMARY KEY,
    email      text        NOT NULL,
    avatar     text        NULL,
    mobile     text        NULL,
    created_at timestamptz NOT NULL
);
