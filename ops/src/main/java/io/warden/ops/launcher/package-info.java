/**
 * The server process: {@link io.warden.ops.launcher.WardenMain} reads zoo.cfg (through
 * {@code io.warden.ops.config}), finds the server implementation with
 * {@link java.util.ServiceLoader}, starts it, keeps the pid file and stops it cleanly on SIGTERM.
 * {@code ops/bin/warden-server} is the script around it.
 *
 * <p>Rules kept here: exit status 0 is a clean stop, 1 a server that failed to start or stopped by
 * failing, 2 a bad invocation, a bad config or no server implementation (ZooKeeper also exits
 * with 2 on a bad config). The pid file ({@value io.warden.ops.launcher.PidFile#NAME} in dataDir,
 * where zkServer.sh keeps it) holds exactly one pid and is only ever removed by the process it
 * names; a live server's pid file makes a second server on the same dataDir refuse to start.
 */
package io.warden.ops.launcher;
