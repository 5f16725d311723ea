/**
 * The Pekko Persistence snapshot-store plugin on local files.
 *
 * <p>{@link io.warden.persistence.snapstore.SnapshotDirectory} is plain Java: one file per
 * snapshot (grammar in {@link io.warden.persistence.snapstore.SnapshotFileFormat}), saved
 * crash-atomically and validated by CRC32C before use.
 * {@link io.warden.persistence.snapstore.FileSnapshotStore} adapts it to Pekko's
 * {@code SnapshotStore} and is the only class here that imports Pekko. State too large for one
 * byte array implements {@link io.warden.persistence.snapstore.StreamableSnapshot} and is read
 * back by a registered {@link io.warden.persistence.snapstore.StreamableSnapshotCodec}.
 *
 * <p>Rules kept here: a snapshot exists complete or not at all (temp file, fsync, atomic
 * rename, directory fsync); a damaged snapshot is never returned — loading skips it with a WARN
 * for an older valid one, and fails clearly when none is valid; a snapshot that could not be
 * read back (no codec for its manifest) is refused at save time.
 */
package io.warden.persistence.snapstore;
