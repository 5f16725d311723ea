/**
 * Making directory changes durable: creating a directory or renaming a file into one changes
 * the parent directory's entries, and until that directory is fsynced a power loss may undo the
 * change even though the file's own contents were forced.
 *
 * <p>Rules kept here: every directory this creates has its parent fsynced before it returns;
 * the fsync is a parameter ({@link io.warden.persistence.fs.DurableDirectories.Fsync}) only so
 * that tests can see which directories were forced, and production always passes the real one.
 */
package io.warden.persistence.fs;
