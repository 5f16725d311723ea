/**
 * The durable log every acknowledged write in Warden rests on, and the Pekko Persistence
 * journal plugin on top of it.
 *
 * <p>{@link io.warden.persistence.journal.SegmentedLog} is plain Java (no Pekko): segmented,
 * preallocated, CRC32C-framed files in one directory, one writer thread doing group commit,
 * replay per persistence id, and retention by deletion markers. The grammar of the files is in
 * {@link io.warden.persistence.journal.LogFormat}.
 * {@link io.warden.persistence.journal.FileJournal} adapts it to Pekko's
 * {@code AsyncWriteJournal} and is the only class here that imports Pekko ({@code
 * JournalSettings} reads its HOCON section, {@code SerializedEvent} is how it stores events).
 *
 * <p>Rules kept here:
 * <ul>
 *   <li>an append is acknowledged only after {@code FileChannel.force} returned for it (unless
 *       forceSync is off), and one frame is written per fsync, so only the last frame of the log
 *       can ever be torn;</li>
 *   <li>on open, a torn tail of the last segment is cut with a WARN; any other damage stops
 *       start-up with {@link io.warden.persistence.journal.LogCorruptedException} naming file
 *       and offset, never a silent skip; a segment missing between two others is such damage,
 *       except for {@code SegmentedLog.openAcceptingMissingSegments}, which only the start-up
 *       continuity check uses (see {@code replica.LogContinuity}) to name what the hole lost;</li>
 *   <li>after a failed write or fsync the log is poisoned: that write and every later one fail,
 *       nothing acknowledged before is lost;</li>
 *   <li>sequence numbers of an entity only grow; deletion markers only grow and never pass the
 *       highest sequence number, which survives deletion;</li>
 *   <li>the append queue is bounded in requests and bytes; a caller waits at most the enqueue
 *       timeout and then gets {@link io.warden.persistence.journal.LogOverloadedException}.</li>
 * </ul>
 */
package io.warden.persistence.journal;
