-- Registered users' profiles as rows, so that a friend list of thousands is shown with one query instead of
-- one call to each friend's grain. The user grain's state is the truth: a row is either current or unlisted
-- (unlisted before a change, listed again after it), and an unlisted or missing row is read from the grain.
--
-- Rows stay as unlisted tombstones (their profile columns emptied) with their version. Each write carries a
-- version from the user's grain that only grows; listing needs a newer version than the row's, unlisting
-- always wins (and raises the version). So a listing that timed out and commits late cannot show a profile
-- changed or destroyed since. created_at is kept in .NET ticks, exactly as the grain holds it.
CREATE TABLE IF NOT EXISTS picchat_profiles (
    user_id          bigint  PRIMARY KEY,
    version          bigint  NOT NULL,
    listed           boolean NOT NULL,
    email            text    NULL,
    avatar           text    NULL,
    mobile           text    NULL,
    created_at_ticks bigint  NULL
);
