/**
 * Snapshots: a streaming, checksummed binary image of a {@link io.warden.persistence.tree.DataTree}.
 *
 * <p>Rules kept here: never hold the whole snapshot in memory as one array; every field is
 * bounded and validated on read; a snapshot that is truncated, corrupt, or whose recomputed
 * digest differs from its header is rejected with the field and offset, never half-loaded.
 */
package io.warden.persistence.snapshot;
