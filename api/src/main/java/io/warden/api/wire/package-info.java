/**
 * ZooKeeper's client wire protocol (jute binary encoding): the codec the server's client
 * endpoint and Warden's own client both speak, byte-compatible with ZooKeeper 3.9.
 *
 * <p>What lives here: the jute primitives ({@link io.warden.api.wire.JuteReader},
 * {@link io.warden.api.wire.JuteWriter}), framing ({@link io.warden.api.wire.Frames}, and
 * {@link io.warden.api.wire.PekkoFraming} for streams), the messages as records
 * ({@link io.warden.api.wire.ConnectRequest}/{@link io.warden.api.wire.ConnectResponse},
 * {@link io.warden.api.wire.ClientRequest} carrying a {@link io.warden.api.wire.Request},
 * {@link io.warden.api.wire.ReplyHeader} with a {@link io.warden.api.wire.Response},
 * {@link io.warden.api.wire.WatcherEvent}), and the entry points in
 * {@link io.warden.api.wire.WireCodec}.
 *
 * <p>A connection, both ways, is a sequence of frames ({@code length:int payload}). The first
 * client frame is a ConnectRequest and the first server frame a ConnectResponse; after that the
 * client sends {@code xid:int type:int body} and the server answers
 * {@code xid:int zxid:int64 err:int body?}, or sends a notification with xid -1. The grammar of
 * each part is documented beside the code that reads and writes it.
 *
 * <p>Rules kept here:
 * <ul>
 * <li>Opcode numbers and special xids' meanings live only in the codec (package-private
 *     {@code OpCodes}); callers see records and the {@link io.warden.api.wire.Operation} enum.
 * <li>No input, however malformed, makes a decoder throw anything but
 *     {@link io.warden.api.wire.WireFormatException}, or allocate on the word of a length field:
 *     every length is checked against the bytes left in the frame first.
 * <li>Output is byte-for-byte what ZooKeeper's own jute classes write for the same content
 *     (cross-checked in tests against zookeeper-jute, which is a test-only dependency).
 * <li>Encoding is one pass into one array per frame, length patched at the end; no copies.
 * <li>No Pekko outside {@link io.warden.api.wire.PekkoFraming}; no I/O, no threads, no clock.
 * </ul>
 */
package io.warden.api.wire;
